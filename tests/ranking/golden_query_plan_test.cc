// Golden test of the query plan (STYLE 2.9): tests/golden/query_plans.txt holds one row per
// query, "q<TAB>QueryPlan::DebugString()", planned against the sample index. The file drives
// the cases: add a row with any plan text and run with HN_UPDATE_GOLDEN=1 to rewrite the plans,
// then review the diff. A missing file fails the test (a skipped golden test is green and
// checks nothing); HN_UPDATE_GOLDEN=1 creates it from kSeedQueries.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"
#include "ranking/query_builder.h"
#include "ranking/staff_syntax.h"
#include "tests/support/golden.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

const char* kGoldenPath = HN_SOURCE_DIR "/tests/golden/query_plans.txt";

// The queries of a new golden file (HN_UPDATE_GOLDEN=1 when there is none).
const std::vector<std::string> kSeedQueries = {
    "Flüchtlinge",
    "fluechtlinge",
    "FLUCHTLINGE",
    "strasse",
    "Deutsch lernen",
    "\"Ruby on Rails\"",
    "Flüchtlinge -Laptops",
    "bezirk:Neukölln Sprachcafé",
    "Nachbarschft",
    "der die das",
    "",
    "Kleiderkammer Spandau",
    "Fahrradwerkstatt",
};

std::string Plan(const std::string& q, const Xapian::Database& db) {
  auto staff = ParseStaffSyntax(q);
  if (!staff.ok()) return "ERROR " + staff.status().ToString();
  QueryPlan plan = BuildQueryPlan(*staff, db);
  std::string out = plan.DebugString();
  if (plan.did_you_mean) out += " did_you_mean=" + *plan.did_you_mean;
  return out;
}

TEST(GoldenQueryPlan, MatchesGoldenFile) {
  const bool update = testing::UpdateGoldenRequested();
  std::ifstream in(kGoldenPath);
  const bool exists = static_cast<bool>(in);
  ASSERT_TRUE(exists || update) << "cannot read " << kGoldenPath
                                << "; HN_UPDATE_GOLDEN=1 ranking_test creates it from the seed "
                                   "queries (review it before committing)";
  std::vector<std::string> queries;
  std::vector<std::string> plans;
  std::string line;
  while (exists && std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "malformed golden row: " << line;
    queries.push_back(line.substr(0, tab));
    plans.push_back(line.substr(tab + 1));
  }

  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto path = layout::CurrentGenerationPath(index->dir());
  ASSERT_TRUE(path.ok()) << path.status();
  Xapian::Database db(*path);
  if (update) {
    if (!exists) queries = kSeedQueries;
    std::ofstream out(kGoldenPath, std::ios::trunc);
    ASSERT_TRUE(out) << "cannot write " << kGoldenPath;
    out << "# q<TAB>QueryPlan::DebugString() over data/sample; HN_UPDATE_GOLDEN=1 rewrites.\n";
    for (const std::string& q : queries) out << q << '\t' << Plan(q, db) << '\n';
    return;
  }
  ASSERT_FALSE(queries.empty());
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(Plan(queries[i], db), plans[i]) << "q=" << queries[i];
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking
