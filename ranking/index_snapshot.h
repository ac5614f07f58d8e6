// IndexSnapshot: everything a request reads besides the Xapian database itself, for one revision
// of one generation — the facet columns (FacetCache), the embeddings (SemanticIndex), which rows
// of the embedding matrix are active initiatives, and the suggestion and browse indexes (built on
// first use) — built once per revision per process and shared by every request thread.
//
// Each searcher keeps its own Xapian::Database handle (not thread-safe) and a shared_ptr to the
// snapshot of the revision that handle reads. After a commit, the first searcher that reopens
// builds the new snapshot, from the previous one and the documents the commit changed when this
// process's writer told them (core/change_feed.h), else from every document; the others wait for
// that build and share it. Before, each of a server's searchers copied and patched its own facet
// cache after every commit (issue 13).
//
//   Result<std::shared_ptr<const IndexSnapshot>> s = IndexSnapshot::For(path, db);
//   FacetSpy spy((*s)->facets());
//
// Thread-safety: immutable once built (the suggestion index is built under a mutex); For() is
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/result.h"
#include "ranking/browse_index.h"
#include "ranking/facet_cache.h"
#include "ranking/semantic_index.h"
#include "ranking/suggest_index.h"

namespace hilfsnetz::ranking {

class IndexSnapshot {
 public:
  // The snapshot of `db`'s revision of the generation at `generation_path`. Errors: DataLoss
  // (damaged embeddings), or a Status for which IsRevisionDiscarded holds when a commit
  // discarded the revision while it was read (reopen and ask again).
  static Result<std::shared_ptr<const IndexSnapshot>> For(const std::string& generation_path,
                                                          const Xapian::Database& db);

  // Whether a snapshot of a revision after `revision` of the generation at `generation_path` is
  // being built: a searcher at `revision` keeps it meanwhile rather than wait (the writer's
  // after-commit hook builds the next one; its writes stay readable from the writer's overlay
  // until then).
  static bool NewerBeingBuilt(const std::string& generation_path, Xapian::rev revision);

  Xapian::rev revision() const { return revision_; }
  const FacetCache& facets() const { return facets_; }
  // nullptr when the index holds no embeddings.
  const SemanticIndex* semantic() const { return semantic_.get(); }
  // ActiveRows(facets(), *semantic()); nullptr without embeddings.
  const std::vector<uint64_t>* active_rows() const { return semantic_ ? &active_rows_ : nullptr; }

  // The suggestion index of this revision, read from `db` (at this revision) by the first
  // caller; the others wait for it and share it.
  Result<std::shared_ptr<const SuggestIndex>> Suggest(const Xapian::Database& db) const;

  // The bitsets that answer searches without words (ranking/browse_index.h), read from `db`
  // (at this revision) by the first caller, or patched from an earlier revision's; the others
  // wait for it and share it.
  Result<std::shared_ptr<const BrowseIndex>> Browse(const Xapian::Database& db) const;

  // What For() did in this process, for /metrics: snapshots built from every document, patched
  // from an earlier one, and requests that found theirs built already.
  struct Stats {
    uint64_t built = 0;
    uint64_t patched = 0;
    uint64_t shared = 0;
    uint64_t browse_built = 0;  // BrowseIndexes read from every filter term
    uint64_t browse_patched = 0;
  };
  static Stats GetStats();

 private:
  IndexSnapshot() = default;
  // Reads every document of `db`.
  static Result<std::shared_ptr<const IndexSnapshot>> Build(const std::string& path,
                                                            const Xapian::Database& db);
  // `base` with the documents `changed` since its revision read again.
  static Result<std::shared_ptr<const IndexSnapshot>> Patch(
      const IndexSnapshot& base, const Xapian::Database& db,
      const std::vector<Xapian::docid>& changed);

  Xapian::rev revision_ = 0;
  FacetCache facets_;
  std::shared_ptr<const SemanticIndex> semantic_;
  std::vector<uint64_t> active_rows_;
  mutable std::mutex suggest_mu_;
  mutable std::shared_ptr<const SuggestIndex> suggest_;  // guarded by suggest_mu_
  mutable std::mutex browse_mu_;
  mutable std::shared_ptr<const BrowseIndex> browse_;  // guarded by browse_mu_
  // Until browse_ is built: the BrowseIndex of an earlier revision and the documents changed
  // since, to patch it from (a browse after each commit of a write stream would otherwise
  // read every filter term's postings again: ~150 ms at 100k). Guarded by browse_mu_.
  mutable std::shared_ptr<const BrowseIndex> browse_seed_;
  mutable std::vector<Xapian::docid> seed_changed_;
};

}  // namespace hilfsnetz::ranking
