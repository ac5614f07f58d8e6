// Recommender: "projects like yours" for a company profile, and "similar initiatives" for an
// initiative — ranked active initiatives, each with its component scores and reasons.
//
// Two stages, so that the stored records of only a few initiatives are read:
//   1. candidates: the nearest initiatives by embedding united with the best BM25 matches of
//      the stems and synonyms of the company's first kCandidateWords words plus a bonus for
//      offered need types (both filtered before the cut: active, not excluded, within
//      radius_km); each scored cheaply from in-memory caches (need types, funding gap,
//      topics, district, location, dates, embedding);
//   2. the best max(kPrecisePool, kPreciseFactor × limit) are read and scored precisely (reco_scoring.h: need and
//      offer descriptions compared through the analyser and synonyms, Ortsteil, languages),
//      then picked greedily for diversity (maximal marginal relevance: a candidate loses
//      kDiversityPenalty × its similarity to the closest one already picked, similarity being
//      the mean of topic overlap and embedding cosine).
// docs/recommendations.md explains the weights, fairness and diversity.
//
// Thread-safety: functions; the caller's Xapian::Database is used from this thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/result.h"
#include "ranking/facet_cache.h"
#include "ranking/reco_scoring.h"
#include "ranking/semantic_index.h"
#include "schemas/company.h"

namespace hilfsnetz::ranking {

inline constexpr size_t kCandidatesPerSource = 200;
// The BM25 candidate query takes the stems of this many words (offers first, then industry
// and description); more cost time at 100k initiatives without changing nDCG@10 (40 words
// took 100-130 ms there with the search box's query).
inline constexpr size_t kCandidateWords = 12;
// The precise stage sees the same candidates whatever the limit (up to kPrecisePool /
// kPreciseFactor = 20), so the first results never depend on how many were asked for. 40
// measured best on the judged profiles (nDCG@10 0.603; a pool of 100 gave 0.573).
inline constexpr size_t kPrecisePool = 40;
inline constexpr size_t kPreciseFactor = 2;
inline constexpr double kDiversityPenalty = 0.15;

struct RecoSources {
  const Xapian::Database& db;
  const FacetCache& cache;
  const SemanticIndex* semantic;  // nullptr: no embeddings in this index
  // ActiveRows(cache, *semantic), kept with the caches; nullptr: built per request.
  const std::vector<uint64_t>* active_rows = nullptr;
  // The server's weights (SearcherOptions::reco_weights); a request's `weights` override them.
  RecoWeights weights;
};


// The rows of `semantic` whose initiative is active, as a bitset over rows (bit r of word
// r / 64): the vector candidates' filter when no radius is asked for, built once per revision
// instead of once per request (a pass over every row, ~1 ms at 100k initiatives).
std::vector<uint64_t> ActiveRows(const FacetCache& cache, const SemanticIndex& semantic);

struct Recommendation {
  schemas::Initiative record;
  RecoComponents components;
  std::vector<Reason> reasons;
  RecoWeights weights;  // the weights the score was computed with
};

// radius_km is measured from the profile's location, else from its Bezirk's centroid.
// Errors: InvalidArgument when profile.embedding has the wrong dimension ("embedding: …"), or
// radius_km is given without any place ("radius_km: …").
Result<std::vector<Recommendation>> Recommend(const RecoSources& sources,
                                              const schemas::CompanyProfile& profile,
                                              int64_t now_unix);

struct SimilarHit {
  schemas::Initiative record;
  double score = 0;  // cosine of the embeddings (or shared-topic share without embeddings)
  std::vector<Reason> reasons;
};

// Active initiatives most similar to `id` (itself excluded). NotFound for an unknown id.
Result<std::vector<SimilarHit>> Similar(const RecoSources& sources, const std::string& id,
                                        int limit);

}  // namespace hilfsnetz::ranking
