// BuildLock: one index build at a time per index directory.
//
// A build holds an exclusive flock(2) on DIR/LOCK from before it names its generation until
// it has published it and removed old ones, so two `hilfsnetz index` runs into the same
// directory cannot pick the same generation, overwrite each other's database or delete what
// the other is writing. The second run fails at once with FailedPrecondition naming the lock
// file and the holder's pid (as LevelDB and Xapian refuse a second writer), rather than
// waiting for a build that may take many minutes. The kernel drops the lock when the holder
// exits, also on kill -9, so a stale LOCK file never blocks a later build.
//
// Readers (Searcher) never take the lock: they follow CURRENT.
#pragma once

#include <string>

#include "core/result.h"
#include "core/status.h"

namespace hilfsnetz::indexer {

class BuildLock {
 public:
  // Takes DIR/LOCK (created when missing; DIR must exist) without waiting.
  static Result<BuildLock> Acquire(const std::string& index_dir);

  BuildLock(BuildLock&& other) noexcept;
  BuildLock& operator=(BuildLock&& other) noexcept;
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;
  ~BuildLock();  // releases the lock (the file stays)

 private:
  explicit BuildLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// An existing index directory taken for writing: its lock and the generation CURRENT names.
struct LockedIndex {
  BuildLock lock;
  std::string current;
};
// Takes DIR/LOCK of an index that exists. Errors: NotFound (no directory, or no CURRENT: no
// index built yet), FailedPrecondition (another writer holds the lock), Internal.
Result<LockedIndex> LockIndex(const std::string& index_dir);

}  // namespace hilfsnetz::indexer
