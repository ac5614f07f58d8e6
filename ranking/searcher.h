// Searcher: answers SearchRequests from one index directory.
//
//   auto s = Searcher::Open(dir, {});            // follows DIR/CURRENT
//   if (!s.ok()) ...;
//   Result<SearchResult> r = (*s)->Search(request);
//
// Errors: Open -> NotFound (no index), FailedPrecondition (built by another analyser version;
// rebuild), DataLoss. Search -> InvalidArgument for bad staff syntax in q (message names
// "q" and the problem, e.g. "bezirk: needs a value") or a request vector the index cannot
// use ("vector: ..."), Unavailable when the index changed under it twice in a row.
//
// Thread-safety: NOT thread-safe (Xapian::Database is not). Use one Searcher per thread;
// they may share the directory. Refresh() picks up committed writes and new generations.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "ranking/recommender.h"
#include "ranking/search_request.h"
#include "ranking/similar.h"
#include "ranking/suggester.h"
#include "schemas/company.h"

namespace hilfsnetz::ranking {

// What kind of embeddings the open index holds (GET /readyz shows it; a client that passes its
// own query vector must match the dimension).
struct EmbeddingInfo {
  std::string kind;  // "trained" (the corpus-trained embedder) or "provided" (the records' own)
  int dimensions = 0;
};

struct SearcherOptions {
  // Totals are exact up to this many matches; beyond, Xapian's estimate (total_exact=false).
  // Facet counts are always exact. Counting exactly means scoring every match, which undoes
  // Xapian's top-k pruning (measured: 25% of the HTTP throughput at 10k records); 500 keeps the
  // sample corpus (270) exact and bounds the cost on large indexes.
  uint32_t exact_total_limit = 500;
  // How long one Suggest may spend walking matches to count its candidates; past it, the
  // remaining ones get Xapian's estimate (count_exact=false) or are left out when nothing
  // proves they find anything. A keystroke must not wait for exact counts (issue 8: suggest
  // p99 < 5 ms at 100k). Zero: no limit (every count exact up to kExactCountLimit).
  std::chrono::microseconds suggest_count_budget{1000};
  // Recommendation weights of this server (docs/recommendations.md); a request's `weights`
  // override them one by one.
  RecoWeights reco_weights;
};

class Searcher {
 public:
  static Result<std::unique_ptr<Searcher>> Open(const std::string& index_dir,
                                                const SearcherOptions& options);
  ~Searcher();

  Result<SearchResult> Search(const SearchRequest& request);

  // As-you-type suggestions (ranking/suggester.h). The first call after a new revision builds
  // the revision's SuggestIndex (shared with the other searchers).
  Result<SuggestResult> Suggest(const SuggestRequest& request);

  // Initiatives for a company profile, best first, with components and reasons.
  // Errors: InvalidArgument (embedding of the wrong dimension).
  Result<std::vector<Recommendation>> Recommend(const schemas::CompanyProfile& profile);
  // The initiatives most similar to `id`; NotFound for an unknown id.
  Result<std::vector<SimilarHit>> Similar(const std::string& id, int limit);

  // The stored record; NotFound when no initiative has this id, DataLoss when its stored
  // bytes are damaged.
  Result<schemas::Initiative> Get(const std::string& id);
  // The record's canonical JSON text (SerializeInitiative of Get); errors as Get.
  Result<std::string> GetJson(const std::string& id);

  // Reopens when DIR/CURRENT names another generation or the database has new commits.
  // Cheap when nothing changed (one small file read).
  Status Refresh();

  uint64_t DocCount() const;
  // nullopt when the index holds no embeddings.
  std::optional<EmbeddingInfo> Embeddings() const;
  const std::string& generation() const;
  // The revision of the generation this searcher reads (it changes with every commit).
  uint64_t revision() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hilfsnetz::ranking
