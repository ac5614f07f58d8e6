// RecoSources: what recommendations and similar initiatives read — one searcher's database
// and caches, the embeddings if the index has them, and the server's weights.
//
// Thread-safety: a plain struct of references; the database is used from the caller's thread
// only, the caches and embeddings are immutable while a revision is served.
#pragma once

#include <cstdint>
#include <vector>

#include <xapian.h>

#include "ranking/facet_cache.h"
#include "ranking/reco_scoring.h"
#include "ranking/semantic_index.h"

namespace hilfsnetz::ranking {

struct RecoSources {
  const Xapian::Database& db;
  const FacetCache& cache;
  const SemanticIndex* semantic;  // nullptr: no embeddings in this index
  // ActiveRows(cache, *semantic), kept with the caches; nullptr: built per request.
  const std::vector<uint64_t>* active_rows = nullptr;
  // The server's weights (SearcherOptions::reco_weights); a request's `weights` override them.
  RecoWeights weights;
};

}  // namespace hilfsnetz::ranking
