// ChangeFeed: which documents each commit of a live generation changed, told by the writer
// in this process (indexer::LiveWriter) so that the readers of the same process (the
// searchers of a server) can patch their caches from those documents instead of rebuilding
// them from every document after each commit. At 100k documents a rebuild took 1.0–1.4 s,
// longer than the gap between commits of a write stream, so searches met one new revision
// after another (bench/README.md, issue 11).
//
// A reader that finds every commit between its revision and the new one here patches; one
// that does not (another process wrote, the feed was trimmed, a commit was not told yet)
// rebuilds as before. Telling may happen before the commit and may name more documents than
// changed (a commit that failed and was retried at the same revision): patching a document
// that did not change only re-reads it.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hilfsnetz {

class ChangeFeed {
 public:
  using Revision = uint64_t;  // Xapian::rev
  using DocId = uint32_t;     // Xapian::docid

  // The process's feed.
  static ChangeFeed& Global();

  // Commit `revision` of the generation at `path` changes (adds, replaces or deletes)
  // `docs`. Told again for the same revision, the documents are added to those told before.
  void Tell(const std::string& path, Revision revision, const std::vector<DocId>& docs);

  // The documents changed by the commits after `from` up to `to` (sorted, unique), or nullopt
  // when one of those commits is not known here.
  std::optional<std::vector<DocId>> Changed(const std::string& path, Revision from,
                                            Revision to) const;

  // How many Changed() calls found every commit asked for (readers that patched).
  uint64_t hits() const;

  // Commits kept per generation (the oldest are dropped first).
  static constexpr size_t kKeep = 4096;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::map<Revision, std::vector<DocId>>> commits_;  // guarded by mu_
  mutable uint64_t hits_ = 0;                                              // guarded by mu_
};

}  // namespace hilfsnetz
