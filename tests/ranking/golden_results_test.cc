// Golden test of the search answers (issue 13): tests/golden/search_results.txt holds, for the
// fixed workload of tests/support/search_workload.h over the sample index, each answer's total,
// top-10 ids in order with tier and score, and facet counts. A change to the query or the
// matcher that is meant to be faster must leave this file as it is.
//
// Ties: Xapian orders equal weights by ascending docid (Enquire's default docid order), hybrid
// fusion by docid too, browsing by creation date then docid; the sample index is built
// deterministically (tests/support/build_sample_index.cc), so the order is stable and is compared
// as it is, equal scores included.
//
// The test only reads the file. `HN_UPDATE_GOLDEN=1 build/tests/ranking/golden_results_test`
// rewrites it from the current answers (docs/testing.md); review the diff before committing.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ranking/searcher.h"
#include "tests/support/golden.h"
#include "tests/support/search_workload.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

const char* kGoldenPath = HN_SOURCE_DIR "/tests/golden/search_results.txt";
constexpr size_t kMaxDiffsShown = 12;

using Block = std::pair<std::string, std::vector<std::string>>;  // key, lines after "== key"

std::vector<Block> ParseBlocks(std::istream& in) {
  std::vector<Block> blocks;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("== ", 0) == 0) {
      blocks.push_back({line.substr(3), {}});
    } else if (!blocks.empty() && !line.empty()) {
      blocks.back().second.push_back(line);
    }
  }
  return blocks;
}

// A line diff of two short blocks ("-" expected only, "+" actual only), by longest common
// subsequence.
std::string Diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "    " + a[i++] + "\n";
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "  - " + a[i++] + "\n";
    } else {
      out += "  + " + b[j++] + "\n";
    }
  }
  return out;
}

TEST(GoldenResults, AnswersMatchGoldenFile) {
  std::string error;
  const std::vector<testing::WorkloadRequest> workload =
      testing::SearchWorkload(HN_SOURCE_DIR, error);
  ASSERT_FALSE(workload.empty()) << error;

  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto searcher = Searcher::Open(index->dir(), {});
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  SearcherOptions pruned_options;
  pruned_options.exact_total_limit = testing::kPrunedTotalLimit;
  auto pruned = Searcher::Open(index->dir(), pruned_options);
  ASSERT_TRUE(pruned.ok()) << pruned.status();

  std::string text;
  for (const testing::WorkloadRequest& w : workload) {
    Searcher& s = w.pruned ? **pruned : **searcher;
    text += testing::RenderAnswer(w.key, s.Search(w.request), {});
  }

  if (testing::UpdateGoldenRequested()) {
    std::ofstream out(kGoldenPath, std::ios::trunc);
    ASSERT_TRUE(out) << "cannot write " << kGoldenPath;
    out << "# Search answers over data/sample for tests/support/search_workload.cc: per request\n"
           "# the total, rank id tier score of each hit, and facet counts. Written by\n"
           "# HN_UPDATE_GOLDEN=1 build/tests/ranking/golden_results_test; review the diff.\n"
        << text;
    return;
  }

  std::ifstream in(kGoldenPath);
  ASSERT_TRUE(in) << "cannot read " << kGoldenPath
                  << "; HN_UPDATE_GOLDEN=1 golden_results_test writes it (review it first)";
  const std::vector<Block> expected = ParseBlocks(in);
  std::istringstream actual_in(text);
  const std::vector<Block> actual = ParseBlocks(actual_in);

  size_t differing = 0;
  std::string report;
  auto note = [&](const std::string& what) {
    if (++differing <= kMaxDiffsShown) report += what;
  };
  std::map<std::string, const Block*> golden, now;
  for (const Block& x : expected) golden[x.first] = &x;
  for (const Block& a : actual) now[a.first] = &a;
  for (const Block& a : actual) {
    const auto it = golden.find(a.first);
    if (it == golden.end()) {
      note("new request (not in the golden file): " + a.first + "\n");
    } else if (it->second->second != a.second) {
      note("== " + a.first + "\n" + Diff(it->second->second, a.second));
    }
  }
  for (const Block& x : expected) {
    if (!now.count(x.first)) note("request gone from the workload: " + x.first + "\n");
  }
  EXPECT_EQ(differing, 0u) << differing << " of " << actual.size() << " answers differ from "
                           << kGoldenPath << " (first " << std::min(differing, kMaxDiffsShown)
                           << " below; - golden, + now):\n"
                           << report;
}

}  // namespace
}  // namespace hilfsnetz::ranking
