// Hybrid search (mode=hybrid): the lexical list fused with the nearest initiatives by
// embedding, by reciprocal rank fusion (Cormack, Clarke & Büttcher 2009: score = Σ 1/(k + rank),
// k = 60). RRF needs no calibration between BM25 weights and cosines, which live on unrelated
// scales, and one list cannot swamp the other; docs/ranking.md explains the choice.
//
// Two guarantees the big engines do not give:
//   - an initiative that matches every query word lexically ranks above every hit that only
//     the vector list found (tier 1 before tier 0, RRF within a tier);
//   - total and facet counts cover exactly the fused result set: every lexical match that
//     passes the filters plus the semantic hits that pass the same filters (checked against
//     the in-memory caches before the vector cut, so filters never leave fewer than k).
// The vector is the client's (SearchRequest::vector) or the embedding of the query's words.
// Semantic hits need a cosine of at least kMinCosine; queries with phrases or -negations keep
// semantic hits out (the vector cannot honour them). Without words, a client vector orders the
// whole filtered set (total and facets as when browsing, hits nearest first, no cosine floor).
//
// Thread-safety: like Searcher (one thread per Xapian database).
#pragma once

#include <optional>
#include <vector>

#include <xapian.h>

#include "ranking/facet_cache.h"
#include "ranking/query_builder.h"
#include "ranking/search_request.h"
#include "ranking/semantic_index.h"

namespace hilfsnetz::ranking {

inline constexpr double kRrfK = 60.0;
inline constexpr double kMinCosine = 0.2;
inline constexpr size_t kHybridDepth = 100;  // items taken from each list (at least)

struct FusedHit {
  Xapian::docid id = 0;
  double fused = 0;                // RRF score
  int tier = 0;                    // 1: lexical match of every query word
  std::optional<double> lexical;   // BM25 part of the lexical weight
  std::optional<double> semantic;  // cosine with the query vector
};

struct HybridPage {
  std::vector<FusedHit> hits;  // the requested page
  uint64_t total = 0;
  bool total_exact = true;
  std::map<FacetField, std::vector<std::pair<std::string, uint64_t>>> facets;
  std::map<SumField, SearchResult::Sum> sums;
};

struct HybridInputs {
  const Xapian::Database& db;
  const FacetCache& cache;
  const SemanticIndex& semantic;
  const SearchRequest& request;
  const StaffQuery& staff;
  const QueryPlan& plan;
  const Xapian::Query& filtered_query;  // plan.query with every filter applied
  uint32_t exact_total_limit;
};

HybridPage HybridSearch(const HybridInputs& in);

// Pure: fuses two ranked lists (best first). `full_coverage[i]` marks lexical[i] as matching
// every query word. Sorted by tier, then fused score, then docid.
std::vector<FusedHit> FuseRrf(const std::vector<std::pair<Xapian::docid, double>>& lexical,
                              const std::vector<bool>& full_coverage,
                              const std::vector<std::pair<Xapian::docid, double>>& semantic);

}  // namespace hilfsnetz::ranking
