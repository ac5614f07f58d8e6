#include "indexer/rollback.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"
#include "indexer/build_lock.h"
#include "text/analyzer.h"

namespace hilfsnetz::indexer {
namespace fs = std::filesystem;
namespace {

bool Complete(const std::string& path) {
  try {
    return layout::CheckIndexVersion(Xapian::Database(path), path, text::kAnalyzerVersion).ok();
  } catch (const Xapian::Error&) {
    return false;
  }
}

}  // namespace

Result<RollbackReport> RollBack(const std::string& index_dir) {
  Result<LockedIndex> locked = LockIndex(index_dir);
  if (!locked.ok()) return locked.status();
  const std::string& current = locked->current;
  std::error_code ec;
  std::vector<std::string> older;
  for (const auto& e : fs::directory_iterator(index_dir, ec)) {
    const std::string name = e.path().filename().string();
    // Generation names have a fixed width, so their order is their age.
    if (name.rfind("gen-", 0) == 0 && name < current) older.push_back(name);
  }
  std::sort(older.rbegin(), older.rend());
  for (const std::string& g : older) {
    if (!Complete((fs::path(index_dir) / g).string())) continue;
    Status s = layout::PublishGeneration(index_dir, g);
    if (!s.ok()) return s;
    return RollbackReport{current, g};
  }
  return NotFoundError("no complete generation older than " + current + " in " + index_dir +
                       " to roll back to (a build keeps one)");
}

}  // namespace hilfsnetz::indexer
