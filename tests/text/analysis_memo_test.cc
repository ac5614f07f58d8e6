// text::AnalysisMemo: within its scope a repeated analysis is answered from the memo, with the
// very tokens a fresh analysis gives; outside it (and on other threads) nothing is kept.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "text/analysis_memo.h"
#include "text/analyzer.h"

namespace hilfsnetz::text {
namespace {

std::vector<std::string> Rendered(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.DebugString());
  return out;
}

TEST(AnalysisMemo, RepeatsAnswerFromTheMemoWithTheSameTokens) {
  const Analyzer& a = Analyzer::Default();
  const std::string text = "Deutschkurse für Geflüchtete im Schillerkiez";
  const std::vector<std::string> fresh = Rendered(a.Analyze(text, "de", Mode::kDocument));
  const std::vector<std::string> fresh_en = Rendered(a.Analyze(text, "en", Mode::kDocument));
  ASSERT_FALSE(fresh.empty());
  ASSERT_NE(fresh_en, fresh) << "the two readings differ, so a mixed-up key would show";
  AnalysisMemo memo;
  EXPECT_EQ(AnalysisMemo::Current(), &memo);
  EXPECT_EQ(memo.Find(&a, text, "de", Mode::kDocument), nullptr);
  EXPECT_EQ(Rendered(a.Analyze(text, "de", Mode::kDocument)), fresh);
  const std::vector<Token>* kept = memo.Find(&a, text, "de", Mode::kDocument);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(Rendered(*kept), fresh);
  EXPECT_EQ(Rendered(a.Analyze(text, "de", Mode::kDocument)), fresh);
  // Language and mode are part of the key: another reading is analysed, not reused.
  EXPECT_EQ(memo.Find(&a, text, "en", Mode::kDocument), nullptr);
  EXPECT_EQ(memo.Find(&a, text, "de", Mode::kQuery), nullptr);
  EXPECT_EQ(Rendered(a.Analyze(text, "en", Mode::kDocument)), fresh_en);
  // Another thread has no memo.
  std::thread([] { EXPECT_EQ(AnalysisMemo::Current(), nullptr); }).join();
}

TEST(AnalysisMemo, ScopesNestAndEnd) {
  EXPECT_EQ(AnalysisMemo::Current(), nullptr);
  {
    AnalysisMemo outer;
    {
      AnalysisMemo inner;
      EXPECT_EQ(AnalysisMemo::Current(), &inner);
      Analyzer::Default().Analyze("Fahrradwerkstatt", "de", Mode::kDocument);
      EXPECT_EQ(outer.Find(&Analyzer::Default(), "Fahrradwerkstatt", "de", Mode::kDocument),
                nullptr)
          << "kept by the inner memo only";
    }
    EXPECT_EQ(AnalysisMemo::Current(), &outer);
  }
  EXPECT_EQ(AnalysisMemo::Current(), nullptr);
}

}  // namespace
}  // namespace hilfsnetz::text
