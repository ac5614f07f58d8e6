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
// kLast: the last word of q, unless q ends in a space, also matches words starting with it
// (what a search box sends while the person types).
enum class PrefixMode { kNone, kLast };
// kNeighbourhood counts per Berlin Ortsteil (its canonical name, as in data/geo/ortsteile.tsv);
// a record placed in a Kiez counts in the Kiez's Ortsteil, a record whose neighbourhood is no
// Ortsteil (nor a Kiez of one) in none. Each count equals the total of neighbourhood=<Ortsteil>.
enum class FacetField { kDistrict, kNeed, kTopic, kLanguage, kStatus, kNeighbourhood };
inline constexpr int kFacetFieldCount = 6;

std::string_view FacetFieldName(FacetField f);

// What a search may sum over its matches (and per facet bucket): kFundingGapEur is a record's
// open EUR (Initiative::FundingGap(): Σ over money needs of amount − raised, never below 0).
enum class SumField { kFundingGapEur };

std::string_view SumFieldName(SumField f);

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
  // Sums over every match (and per bucket of each facet above); asking for one makes the
  // match exact, as facets do.
  std::vector<SumField> sums;
  SearchMode mode = SearchMode::kLexical;
  PrefixMode prefix = PrefixMode::kNone;
  // The language q is written in (de, en, ar, uk, ru, tr, fa), when the client knows it better
  // than detection on two or three words can; "" detects.
  std::string lang;
  // The client's query vector (hybrid mode only): used instead of the embedding of q, must have
  // the index's dimension. Empty: q is embedded with the index's own embedder. With an empty q
  // the hits are every initiative passing the filters, nearest first.
  std::vector<float> vector;
  // > 0: Xapian stops matching after this many seconds and ranks what it has (the server's
  // per-request deadline; the server then answers 503 instead of a partial list).
  double time_limit_s = 0;
};

struct Highlights {
  std::string title;  // HTML-escaped, matched words in <mark>
  std::string summary;
  std::string description;  // a snippet around the first match ("…" where cut)
};

struct Hit {
  schemas::Initiative record;
  // Relevance, never increasing down a list sorted by relevance: the tier plus a part in
  // [0, 1) that orders within the tier (lexical: BM25 / (BM25 + kScoreScale); hybrid: the RRF
  // score). 0 when browsing.
  double score = 0;
  // Lexical: how many of the query's words the record matches (records matching more words
  // come first). Hybrid: 1 for records matching every word, else 0. 0 when browsing.
  int tier = 0;
  std::optional<double> bm25;         // lexical: the BM25 part of the ranking
  std::optional<double> distance_km;  // when the request has near and the record a location
  Highlights highlights;
  // Hybrid mode: the two components (absent when that list did not find the hit).
  std::optional<double> lexical_score;
  std::optional<double> semantic_score;
};

// What the search made of q, so that a page can say so ("Auch auf Deutsch gesucht: …").
struct QueryInfo {
  std::string language;  // detected (or given) language of q; "" when undecided
  bool language_given = false;
  // The concepts q's words name, with their labels in German and English.
  struct Concept {
    std::string id;
    std::string de;
    std::string en;
  };
  std::vector<Concept> concepts;
  // German words the query was also searched with (concept labels not typed as such).
  std::vector<std::string> expanded;
};

// A note for the person searching, in English and German (e.g. an unclosed quote was read as
// words; near without sort orders by relevance within the radius).
struct Notice {
  std::string code;
  std::string en;
  std::string de;
};

struct SearchResult {
  uint64_t total = 0;       // matching initiatives
  bool total_exact = true;  // false only past SearcherOptions::exact_total_limit
  std::vector<Hit> hits;
  // facet field -> (value, count) sorted by count desc then value
  std::map<FacetField, std::vector<std::pair<std::string, uint64_t>>> facets;
  // For each requested sum: the total over every match and, per facet, the sum of each bucket
  // of `facets` (the same values in the same order). In cents: each record's amount is rounded
  // to the cent once and the cents are added as integers, so a sum is exact at any size.
  struct Sum {
    int64_t total_cents = 0;
    std::map<FacetField, std::vector<std::pair<std::string, int64_t>>> facets;
    friend bool operator==(const Sum&, const Sum&) = default;
  };
  std::map<SumField, Sum> sums;
  std::optional<std::string> did_you_mean;  // corrected q when words had no match
  QueryInfo query;
  std::vector<Notice> notices;
};

// Scale of the within-tier part of a lexical score: BM25 / (BM25 + kScoreScale).
inline constexpr double kScoreScale = 10.0;

}  // namespace hilfsnetz::ranking
