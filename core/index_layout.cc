#include "core/index_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <xapian.h>

namespace hilfsnetz::layout {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kGenPrefix = "gen-";

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return InternalError("cannot open " + path + " for fsync");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return InternalError("fsync failed on " + path);
  return Status::Ok();
}
}  // namespace

std::string EncodeConceptSpans(const std::map<std::string, std::set<unsigned>>& spans) {
  std::string out;
  for (const auto& [id, positions] : spans) {
    if (!out.empty()) out += kListSeparator;
    out += id;
    char sep = ':';
    for (unsigned p : positions) {
      out += sep;
      out += std::to_string(p);
      sep = ',';
    }
  }
  return out;
}

void ForEachConceptSpan(
    std::string_view value,
    const std::function<void(std::string_view id, const std::vector<unsigned>& positions)>& each) {
  std::vector<unsigned> positions;
  while (!value.empty()) {
    const size_t end = std::min(value.find(kListSeparator), value.size());
    const std::string_view entry = value.substr(0, end);
    value.remove_prefix(std::min(end + 1, value.size()));
    const size_t colon = entry.find(':');
    if (colon == 0 || colon == std::string_view::npos) return;
    positions.clear();
    std::string_view rest = entry.substr(colon + 1);
    while (!rest.empty()) {
      const size_t comma = std::min(rest.find(','), rest.size());
      unsigned p = 0;
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + comma, p);
      if (ec != std::errc() || ptr != rest.data() + comma) return;
      positions.push_back(p);
      rest.remove_prefix(std::min(comma + 1, rest.size()));
    }
    if (positions.empty()) return;
    each(entry.substr(0, colon), positions);
  }
}

Result<std::string> ReadCurrent(const std::string& index_dir) {
  std::ifstream in(fs::path(index_dir) / "CURRENT");
  if (!in) return NotFoundError("no index in " + index_dir + " (no CURRENT file)");
  std::string name;
  std::getline(in, name);
  if (name.empty() || name.find('/') != std::string::npos) {
    return DataLossError("CURRENT in " + index_dir + " is damaged");
  }
  return name;
}

Result<std::string> CurrentGenerationPath(const std::string& index_dir) {
  Result<std::string> name = ReadCurrent(index_dir);
  if (!name.ok()) return name.status();
  return (fs::path(index_dir) / *name).string();
}

Status SyncDirectory(const std::string& dir) { return SyncPath(dir, O_RDONLY | O_DIRECTORY); }

Status PublishGeneration(const std::string& index_dir, const std::string& generation) {
  const std::string tmp = (fs::path(index_dir) / "CURRENT.tmp").string();
  const std::string cur = (fs::path(index_dir) / "CURRENT").string();
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << generation << '\n';
    out.flush();
    if (!out) return InternalError("cannot write " + tmp);
  }
  Status s = SyncPath(tmp, O_RDONLY);
  if (!s.ok()) return s;
  if (std::rename(tmp.c_str(), cur.c_str()) != 0) return InternalError("cannot rename " + tmp);
  return SyncDirectory(index_dir);
}

std::string NextGenerationName(const std::string& index_dir) {
  long highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kGenPrefix, 0) != 0) continue;
    try {
      highest = std::max(highest, std::stol(name.substr(kGenPrefix.size())));
    } catch (...) {
    }
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "gen-%06ld", highest + 1);
  return buf;
}

Status CheckIndexVersion(const Xapian::Database& db, const std::string& path,
                         int analyzer_version) {
  const std::string v = db.get_metadata(std::string(kMetaAnalyzerVersion));
  if (v != std::to_string(analyzer_version)) {
    return FailedPreconditionError("index " + path + " was built with analyser version '" + v +
                                   "', this build uses " + std::to_string(analyzer_version) +
                                   "; rebuild the index");
  }
  const std::string f = db.get_metadata(std::string(kMetaFormatVersion));
  if (f != std::to_string(kFormatVersion)) {
    return FailedPreconditionError("index " + path + " has format version '" + f +
                                   "', this build reads " + std::to_string(kFormatVersion) +
                                   "; rebuild the index");
  }
  return Status::Ok();
}

}  // namespace hilfsnetz::layout
