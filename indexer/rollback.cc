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
    Xapian::Database db(path);
    return db.get_metadata(std::string(layout::kMetaAnalyzerVersion)) ==
               std::to_string(text::kAnalyzerVersion) &&
           db.get_metadata(std::string(layout::kMetaFormatVersion)) ==
               std::to_string(layout::kFormatVersion);
  } catch (const Xapian::Error&) {
    return false;
  }
}

}  // namespace

Result<RollbackReport> RollBack(const std::string& index_dir) {
  std::error_code ec;
  if (!fs::is_directory(index_dir, ec)) return NotFoundError("no index directory " + index_dir);
  Result<BuildLock> lock = BuildLock::Acquire(index_dir);
  if (!lock.ok()) return lock.status();
  Result<std::string> current = layout::ReadCurrent(index_dir);
  if (!current.ok()) return current.status();
  std::vector<std::string> older;
  for (const auto& e : fs::directory_iterator(index_dir, ec)) {
    const std::string name = e.path().filename().string();
    // Generation names have a fixed width, so their order is their age.
    if (name.rfind("gen-", 0) == 0 && name < *current) older.push_back(name);
  }
  std::sort(older.rbegin(), older.rend());
  for (const std::string& g : older) {
    if (!Complete((fs::path(index_dir) / g).string())) continue;
    Status s = layout::PublishGeneration(index_dir, g);
    if (!s.ok()) return s;
    return RollbackReport{*current, g};
  }
  return NotFoundError("no complete generation older than " + *current + " in " + index_dir +
                       " to roll back to (a build keeps one)");
}

}  // namespace hilfsnetz::indexer
