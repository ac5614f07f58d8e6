// Similar initiatives: "Ähnliche Initiativen" for one initiative — the active initiatives
// nearest to it by embedding, or without embeddings by its words, then shared topics and
// Bezirk, so the list fills whenever enough initiatives are active. Every hit says why
// (reco_scoring.h, SimilarityReasons; "Ähnliche Beschreibung" when only the embeddings
// found it).
//
// Thread-safety: a function; RecoSources::db is used from the calling thread only.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ranking/reco_scoring.h"
#include "ranking/reco_sources.h"
#include "schemas/initiative.h"

namespace hilfsnetz::ranking {

struct SimilarHit {
  schemas::Initiative record;
  double score = 0;  // cosine of the embeddings (0 without embeddings)
  std::vector<Reason> reasons;
};

// Active initiatives most similar to `id` (itself excluded), at most `limit`. NotFound for an
// unknown id.
Result<std::vector<SimilarHit>> Similar(const RecoSources& sources, const std::string& id,
                                        int limit);

}  // namespace hilfsnetz::ranking
