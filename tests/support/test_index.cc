#include "tests/support/test_index.h"

#include <fstream>
#include <sstream>

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

Result<indexer::BuildReport> BuildFromJsonl(const std::string& jsonl,
                                            const std::string& index_dir) {
  std::istringstream in(jsonl);
  return indexer::BuildIndex(in, index_dir, {});
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

std::unique_ptr<TestIndex> TestIndex::Sample() { return FromJsonl(ReadFileOrDie(SamplePath())); }

std::unique_ptr<ranking::Searcher> TestIndex::OpenSearcher() const {
  auto s = ranking::Searcher::Open(index_dir_, {});
  if (!s.ok()) {
    ADD_FAILURE() << "Searcher::Open(" << index_dir_ << ") failed: " << s.status();
    return nullptr;
  }
  return std::move(*s);
}

}  // namespace hilfsnetz::testing
