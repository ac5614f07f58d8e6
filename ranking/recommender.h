// Recommender: "projects like yours" for a company profile — ranked active initiatives, each
// with its component scores and reasons.
//
// Two stages, so that the stored records of only a few initiatives are read:
//   1. candidates (reco_candidates.h): the nearest initiatives by embedding united with the
//      best BM25 matches of the company's words plus a bonus for offered need types, both
//      filtered before the cut (active, not excluded, within radius_km); each scored cheaply
//      from in-memory caches (reco_quick_score.h);
//   2. the best max(kPrecisePool, kPreciseFactor × limit) are read and scored precisely
//      (reco_scoring.h: needs and offers matched by meaning, Ortsteil, languages), then
//      picked greedily for diversity (reco_diversity.h).
// Similar initiatives are in similar.h. docs/recommendations.md explains the weights,
// fairness and diversity.
//
// Thread-safety: a function; RecoSources::db is used from the calling thread only (the
// shared task pool runs the vector scan and half of stage 2, which touch no database).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "ranking/reco_scoring.h"
#include "ranking/reco_sources.h"
#include "schemas/company.h"
#include "schemas/initiative.h"

namespace hilfsnetz::ranking {

// The precise stage sees the same candidates whatever the limit (up to kPrecisePool /
// kPreciseFactor = 20), so the first results never depend on how many were asked for. 40
// measured best on the judged profiles (nDCG@10 0.603; a pool of 100 gave 0.573).
inline constexpr size_t kPrecisePool = 40;
inline constexpr size_t kPreciseFactor = 2;

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

}  // namespace hilfsnetz::ranking
