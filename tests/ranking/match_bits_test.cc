// MatchBits (ranking/match_bits.h) against Xapian's own unweighted match: for the plans of the
// bench's queries over the sample index, the bitset must hold exactly the documents Xapian
// matches; operators it cannot read must give nullopt, never a wrong set.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"
#include "ranking/browse_index.h"
#include "ranking/match_bits.h"
#include "ranking/query_builder.h"
#include "ranking/staff_syntax.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

std::set<Xapian::docid> XapianMatches(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::set<Xapian::docid> out;
  const Xapian::MSet m = enquire.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) out.insert(*it);
  return out;
}

std::set<Xapian::docid> Docids(const BrowseIndex::Bits& bits) {
  std::set<Xapian::docid> out;
  for (size_t w = 0; w < bits.size(); ++w) {
    for (int b = 0; b < 64; ++b) {
      if ((bits[w] >> b) & 1u) out.insert(static_cast<Xapian::docid>(w * 64 + b));
    }
  }
  return out;
}

class MatchBitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = testing::TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    auto path = layout::CurrentGenerationPath(index_->dir());
    ASSERT_TRUE(path.ok()) << path.status();
    db_ = new Xapian::Database(*path);
  }
  static void TearDownTestSuite() {
    delete db_;
    delete index_;
  }
  static size_t Words() { return db_->get_lastdocid() / 64 + 1; }

  static testing::TestIndex* index_;
  static Xapian::Database* db_;
};

testing::TestIndex* MatchBitsTest::index_ = nullptr;
Xapian::Database* MatchBitsTest::db_ = nullptr;

TEST_F(MatchBitsTest, EqualsXapiansMatchForTheBenchQueries) {
  std::vector<std::string> queries =
      testing::ReadLines(testing::SourcePath("bench/workloads/queries.txt"));
  for (const std::string& line :
       testing::ReadLines(testing::SourcePath("bench/quality/crosslingual_queries.tsv"))) {
    queries.push_back(line.substr(line.rfind('\t') + 1));
  }
  queries.push_back("Flüchtlinge -Laptops bezirk:Neukölln");
  queries.push_back("bedarf:geld Kleiderkammer");
  size_t read = 0;
  for (const std::string& q : queries) {
    if (q.empty() || q[0] == '#') continue;
    auto staff = ParseStaffSyntax(q);
    ASSERT_TRUE(staff.ok()) << q;
    const QueryPlan plan = BuildQueryPlan(*staff, *db_);
    const auto bits = MatchBits(*db_, plan.match_query, Words());
    ASSERT_TRUE(bits) << "unread: " << q << " " << plan.match_query.get_description();
    EXPECT_EQ(Docids(*bits), XapianMatches(*db_, plan.match_query)) << q;
    ++read;
  }
  EXPECT_GT(read, 400u);
}

TEST_F(MatchBitsTest, ReadsFiltersAndNegations) {
  const Xapian::Query q(
      Xapian::Query::OP_AND_NOT,
      Xapian::Query(Xapian::Query::OP_FILTER,
                    Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query("Zdeutsch"),
                                  Xapian::Query("Zsprach")),
                    Xapian::Query(std::string(layout::kPrefixStatus) + "active")),
      Xapian::Query("Zkind"));
  const auto bits = MatchBits(*db_, q, Words());
  ASSERT_TRUE(bits);
  EXPECT_EQ(Docids(*bits), XapianMatches(*db_, q));
  EXPECT_FALSE(Docids(*bits).empty());
}

TEST_F(MatchBitsTest, LeavesWhatItCannotReadToXapian) {
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, Xapian::Query("ruby"),
                             Xapian::Query("rails"));
  EXPECT_FALSE(MatchBits(*db_, phrase, Words()));
  const Xapian::Query wildcard(Xapian::Query::OP_WILDCARD, "deut");
  EXPECT_FALSE(MatchBits(
      *db_, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zdeutsch"), wildcard), Words()));
  PlanOptions typing;
  typing.prefix_last = true;
  auto staff = ParseStaffSyntax("Deutschk");
  ASSERT_TRUE(staff.ok());
  EXPECT_FALSE(MatchBits(*db_, BuildQueryPlan(*staff, *db_, typing).match_query, Words()));
}

}  // namespace
}  // namespace hilfsnetz::ranking
