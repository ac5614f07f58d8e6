#include "tests/support/test_index.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace hilfsnetz::testing {

std::string SourcePath(const std::string& relative) {
  return std::string(HN_SOURCE_DIR) + "/" + relative;
}

std::string SamplePath() { return SourcePath("data/sample/initiatives.jsonl"); }

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::istringstream in(ReadFileOrDie(path));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

Result<indexer::BuildReport> BuildFromJsonl(const std::string& jsonl, const std::string& index_dir,
                                            const indexer::BuildOptions& options) {
  std::istringstream in(jsonl);
  return indexer::BuildIndex(in, index_dir, options);
}

std::string RecordLine(const std::string& id, const std::string& title, const std::string& extra) {
  return R"({"id":")" + id + R"(","language":"de","title":")" + title + "\"" + extra + "}\n";
}

std::unique_ptr<TestIndex> TestIndex::FromJsonl(const std::string& jsonl) {
  std::unique_ptr<TestIndex> index(new TestIndex());
  index->index_dir_ = index->temp_.Path("index");
  auto report = BuildFromJsonl(jsonl, index->index_dir_);
  if (!report.ok()) {
    ADD_FAILURE() << "BuildIndex failed: " << report.status();
    return nullptr;
  }
  index->report_ = *report;
  return index;
}

namespace {

// The BuildReport that build_sample_index.cc wrote as text.
Result<indexer::BuildReport> ReadSampleReport(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read " + path + " (built by target hn_sample_index)");
  indexer::BuildReport report;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "lines") {
      fields >> report.lines;
    } else if (key == "indexed") {
      fields >> report.indexed;
    } else if (key == "generation") {
      fields >> report.generation;
    } else if (key == "seconds") {
      fields >> report.seconds;
    } else if (key == "rejected") {
      // rejected<TAB>line<TAB>field<TAB>en<TAB>de; the texts may be empty.
      std::vector<std::string> parts;
      for (size_t start = 0, tab = 0; tab != std::string::npos; start = tab + 1) {
        tab = line.find('\t', start);
        parts.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      }
      if (parts.size() != 5) return DataLossError(path + ": malformed line: " + line);
      indexer::RejectedLine r;
      r.line = std::stoull(parts[1]);
      r.error = {parts[2], parts[3], parts[4]};
      report.rejected.push_back(std::move(r));
      continue;
    }
    if (fields.fail()) return DataLossError(path + ": malformed line: " + line);
  }
  return report;
}

}  // namespace

std::unique_ptr<TestIndex> TestIndex::Sample() {
  // A copy of the index built once at build time (build_sample_index.cc), so that each caller
  // owns its directory as with FromJsonl.
  auto report = ReadSampleReport(HN_SAMPLE_INDEX_DIR "/report.txt");
  if (!report.ok()) {
    ADD_FAILURE() << "sample index: " << report.status();
    return nullptr;
  }
  std::unique_ptr<TestIndex> index(new TestIndex());
  index->index_dir_ = index->temp_.Path("index");
  std::error_code ec;
  std::filesystem::copy(HN_SAMPLE_INDEX_DIR "/index", index->index_dir_,
                        std::filesystem::copy_options::recursive, ec);
  if (ec) {
    ADD_FAILURE() << "copying the sample index " HN_SAMPLE_INDEX_DIR "/index: " << ec.message();
    return nullptr;
  }
  index->report_ = std::move(*report);
  return index;
}

std::unique_ptr<ranking::Searcher> TestIndex::OpenSearcher() const {
  auto s = ranking::Searcher::Open(index_dir_, {});
  if (!s.ok()) {
    ADD_FAILURE() << "Searcher::Open(" << index_dir_ << ") failed: " << s.status();
    return nullptr;
  }
  return std::move(*s);
}

}  // namespace hilfsnetz::testing
