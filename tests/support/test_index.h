// Test indexes: build an index directory from a JSONL string or the sample corpus through the
// real indexer::BuildIndex, inside a TempDir owned by the TestIndex.
//
//   auto index = TestIndex::FromJsonl(R"({"id":"a","title":"Tafel"})" "\n");
//   ASSERT_TRUE(index) ;                       // nullptr + test failure when the build failed
//   auto searcher = index->OpenSearcher();     // a fresh ranking::Searcher on it
//
// Sample(): data/sample/initiatives.jsonl of the source tree (SamplePath()), built once at
// build time (target hn_sample_index, build_sample_index.cc) and copied for each caller.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "indexer/index_builder.h"
#include "ranking/searcher.h"
#include "tests/support/temp_dir.h"

namespace hilfsnetz::testing {

// Absolute path of data/sample/initiatives.jsonl in the source tree.
std::string SamplePath();
// Absolute path of a file in the source tree (relative path given).
std::string SourcePath(const std::string& relative);
// The whole file; "" (and a test failure) when unreadable.
std::string ReadFileOrDie(const std::string& path);
// The non-blank lines of a JSONL file.
std::vector<std::string> ReadLines(const std::string& path);

// BuildIndex over `jsonl` into `index_dir`.
Result<indexer::BuildReport> BuildFromJsonl(const std::string& jsonl, const std::string& index_dir,
                                            const indexer::BuildOptions& options = {});
// One JSONL line of a German record `id` with `title`; `extra` is spliced in after the title
// (e.g. R"(,"district":"Mitte")").
std::string RecordLine(const std::string& id, const std::string& title,
                       const std::string& extra = "");

class TestIndex {
 public:
  // nullptr (with ADD_FAILURE carrying the status) when the build fails.
  static std::unique_ptr<TestIndex> FromJsonl(const std::string& jsonl);
  static std::unique_ptr<TestIndex> Sample();

  const std::string& dir() const { return index_dir_; }
  const indexer::BuildReport& report() const { return report_; }
  // A new Searcher on this index; nullptr (with ADD_FAILURE) on error.
  std::unique_ptr<ranking::Searcher> OpenSearcher() const;

 private:
  TestIndex() = default;
  TempDir temp_;
  std::string index_dir_;
  indexer::BuildReport report_;
};

}  // namespace hilfsnetz::testing
