// SearchRequest and SearchResult: the typed read-side request and answer (no JSON here; the
// server's codec builds the request from URL parameters and writes the result as JSON).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/berlin.h"
#include "schemas/initiative.h"

namespace hilfsnetz::ranking {

enum class SortOrder { kRelevance, kNewest, kDistance, kFundingGap };
enum class SearchMode { kLexical, kHybrid };
enum class FacetField { kDistrict, kNeed, kTopic, kLanguage, kStatus };

std::string_view FacetFieldName(FacetField f);

// Values of one parameter are OR-ed; different parameters are AND-ed.
struct Filters {
  std::vector<std::string> districts;       // canonical names (or free text outside Berlin)
  std::vector<std::string> neighbourhoods;  // as typed; matched by LooseKey
  std::vector<schemas::NeedType> needs;
  std::vector<std::string> topics;
  std::vector<std::string> languages;
  std::vector<schemas::InitiativeStatus> statuses;  // empty = active only
};

struct SearchRequest {
  std::string q;  // may carry staff syntax; "" browses
  Filters filters;
  std::optional<geo::LatLon> near;
  std::optional<double> radius_km;  // with near: only initiatives within this distance
  SortOrder sort = SortOrder::kRelevance;
  int page = 1;       // 1-based
  int per_page = 10;  // 1..100
  std::vector<FacetField> facets;
  SearchMode mode = SearchMode::kLexical;
  // The client's query vector (hybrid mode only): used instead of the embedding of q, must have
  // the index's dimension. Empty: q is embedded with the index's own embedder. With an empty q
  // the hits are every initiative passing the filters, nearest first.
  std::vector<float> vector;
};

struct Highlights {
  std::string title;        // HTML-escaped, matched words in <mark>
  std::string summary;
  std::string description;  // a snippet around the first match ("…" where cut)
};

struct Hit {
  schemas::Initiative record;
  double score = 0;                    // relevance (BM25 based); 0 when browsing
  std::optional<double> distance_km;   // when the request has near and the record a location
  Highlights highlights;
  // Hybrid mode: the two components (absent when that list did not find the hit).
  std::optional<double> lexical_score;
  std::optional<double> semantic_score;
};

struct SearchResult {
  uint64_t total = 0;        // matching initiatives
  bool total_exact = true;   // false only past SearcherOptions::exact_total_limit
  std::vector<Hit> hits;
  // facet field -> (value, count) sorted by count desc then value
  std::map<FacetField, std::vector<std::pair<std::string, uint64_t>>> facets;
  std::optional<std::string> did_you_mean;  // corrected q when words had no match
};

}  // namespace hilfsnetz::ranking
