// Suggestions under a count budget (SearcherOptions::suggest_count_budget): a keystroke never
// waits for exact counts, estimates say so, no suggestion that finds nothing is shown, and an
// estimate forced by the budget is counted again by a request with time left. Also the
// decider that cuts a match short (ranking/deadline_counter.h), and stop words among the
// finished words, which are never "corrected".
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "ranking/deadline_counter.h"
#include "ranking/searcher.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

using testing::TestIndex;

class SuggestBudgetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
  }
  static void TearDownTestSuite() { delete index_; }

  static std::unique_ptr<Searcher> Open(std::chrono::microseconds budget) {
    SearcherOptions o;
    o.suggest_count_budget = budget;
    auto s = Searcher::Open(index_->dir(), o);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? std::move(*s) : nullptr;
  }
  static SuggestResult Suggest(Searcher& s, const std::string& q) {
    SuggestRequest req;
    req.q = q;
    Result<SuggestResult> r = s.Suggest(req);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? std::move(*r) : SuggestResult{};
  }
  // What a search for `text` finds with all its words (as tests/server/suggest_http_test.cc):
  // one word, the total; several, the records of the first tier (over every page).
  static uint64_t AllWordsTotal(Searcher& s, const std::string& text) {
    uint64_t n = 0;
    int top = -1;
    for (int page = 1;; ++page) {
      SearchRequest req;
      req.q = text;
      req.per_page = 100;
      req.page = page;
      Result<SearchResult> r = s.Search(req);
      EXPECT_TRUE(r.ok()) << text;
      if (!r.ok() || r->hits.empty()) return n;
      if (text.find(' ') == std::string::npos) return r->total;
      if (top < 0) top = r->hits.front().tier;
      for (const Hit& h : r->hits) n += h.tier == top ? 1 : 0;
      if (r->hits.back().tier != top) return n;
    }
  }

  static TestIndex* index_;
};
TestIndex* SuggestBudgetTest::index_ = nullptr;

TEST_F(SuggestBudgetTest, WithoutABudgetEveryCountIsExact) {
  auto s = Open(std::chrono::microseconds(0));
  ASSERT_NE(s, nullptr);
  const SuggestResult r = Suggest(*s, "hilfe und k");
  ASSERT_FALSE(r.suggestions.empty());
  for (const Suggestion& x : r.suggestions) {
    EXPECT_TRUE(x.count_exact) << x.text;
    EXPECT_GT(x.count, 0u) << x.text;
  }
}

TEST_F(SuggestBudgetTest, ASpentBudgetEstimatesShowsNothingEmptyAndIsCountedAgainLater) {
  // A budget that is spent before the first count: every count the statistics cannot settle
  // is an estimate, and a multi-word candidate nothing proves non-empty is left out.
  auto hurried = Open(std::chrono::microseconds(1));
  ASSERT_NE(hurried, nullptr);
  const SuggestResult quick = Suggest(*hurried, "kleiderk");
  ASSERT_FALSE(quick.suggestions.empty());
  EXPECT_EQ(quick.suggestions.front().text.rfind("kleider", 0), 0u)
      << quick.suggestions.front().text;
  for (const Suggestion& x : quick.suggestions) EXPECT_GT(x.count, 0u) << x.text;
  const SuggestResult phrase = Suggest(*hurried, "hilfe und k");
  for (const Suggestion& x : phrase.suggestions) {
    EXPECT_GT(x.count, 0u) << x.text;
    EXPECT_FALSE(x.count_exact && x.kind == "word") << x.text << " cannot have been counted";
  }

  // The same revision's cache is shared; the estimates stored above are counted again by a
  // searcher with time to spare, and agree with what the search finds.
  auto patient = Open(std::chrono::microseconds(0));
  ASSERT_NE(patient, nullptr);
  for (const std::string& q : {std::string("kleiderk"), std::string("hilfe und k")}) {
    const SuggestResult exact = Suggest(*patient, q);
    ASSERT_FALSE(exact.suggestions.empty()) << q;
    for (const Suggestion& x : exact.suggestions) {
      EXPECT_TRUE(x.count_exact) << x.text;
      if (x.kind == "word") {
        EXPECT_EQ(x.count, AllWordsTotal(*patient, x.text)) << x.text;
      }
    }
  }
}

TEST_F(SuggestBudgetTest, StopWordsAmongTheFinishedWordsAreNotCorrected) {
  auto s = Open(std::chrono::microseconds(0));
  ASSERT_NE(s, nullptr);
  // "into" is in no record of the sample: a stop word, not a misspelling of "auto" (at 100k,
  // "and" and "for" became "band" and "chor" so).
  for (const std::string& q : {std::string("help into k"), std::string("mother and b")}) {
    const SuggestResult r = Suggest(*s, q);
    EXPECT_FALSE(r.corrected.has_value()) << q << " -> " << r.corrected.value_or("");
    ASSERT_FALSE(r.suggestions.empty()) << q;
    for (const Suggestion& x : r.suggestions) {
      if (x.kind == "word") {
        EXPECT_EQ(x.text.rfind(q, 0), 0u) << x.text;
      }
    }
  }
}

TEST_F(SuggestBudgetTest, DeadlineCounterCountsAndStopsAMatch) {
  std::ifstream current(index_->dir() + "/CURRENT");
  std::string generation;
  ASSERT_TRUE(std::getline(current, generation));
  Xapian::Database db(index_->dir() + "/" + generation);
  Xapian::Enquire e(db);
  e.set_weighting_scheme(Xapian::BoolWeight());
  e.set_query(Xapian::Query::MatchAll);
  const Xapian::doccount all = db.get_doccount();
  ASSERT_GT(all, 100u);

  // Time to spare: every document is counted and the match is whole.
  DeadlineCounter later(DeadlineCounter::Clock::now() + std::chrono::hours(1));
  EXPECT_EQ(e.get_mset(0, 0, all, nullptr, &later).get_matches_estimated(), all);
  EXPECT_EQ(later.accepted(), all);

  // Past its deadline: the first document stops the match, and the Enquire still works.
  DeadlineCounter past(DeadlineCounter::Clock::now() - std::chrono::seconds(1));
  EXPECT_THROW(e.get_mset(0, 0, all, nullptr, &past), DeadlineCounter::Passed);
  EXPECT_EQ(past.accepted(), 1u);
  EXPECT_GT(past.last(), 0u);
  EXPECT_EQ(e.get_mset(0, 10).size(), 10u);
}

}  // namespace
}  // namespace hilfsnetz::ranking
