#include "core/string_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hilfsnetz {
namespace {

TEST(StringTable, NumbersStringsInTheOrderTheyCame) {
  StringTable t;
  EXPECT_EQ(t.Add("kurs"), 0);
  EXPECT_EQ(t.Add("hilfe"), 1);
  EXPECT_EQ(t.Add("kurs"), 0);
  EXPECT_EQ(t.size(), 2);
  EXPECT_EQ(t.Find("hilfe"), 1);
  EXPECT_EQ(t[1], "hilfe");
  EXPECT_EQ(t.strings(), (std::vector<std::string>{"kurs", "hilfe"}));
}

TEST(StringTable, MissesWhatIsNotThere) {
  StringTable empty;
  EXPECT_EQ(empty.Find("kurs"), -1);
  EXPECT_FALSE(empty.Contains(""));

  StringTable t(std::vector<std::string>{"kurs", "kurse"});
  EXPECT_FALSE(t.Contains("kur"));
  EXPECT_FALSE(t.Contains("kursen"));
  EXPECT_FALSE(t.Contains(""));
  // Looked up by a view into a longer word, without building a string.
  const std::string word = "deutschkurse";
  EXPECT_TRUE(t.Contains(std::string_view(word).substr(7)));
  EXPECT_TRUE(t.Contains(std::string_view(word).substr(7, 4)));
  EXPECT_FALSE(t.Contains(std::string_view(word).substr(0, 7)));
}

TEST(StringTable, RepeatedStringsKeepTheirFirstNumber) {
  StringTable t(std::vector<std::string>{"a", "b", "a", "c"});
  EXPECT_EQ(t.size(), 3);
  EXPECT_EQ(t.Find("c"), 2);
}

TEST(StringTable, FindsEveryStringAfterGrowing) {
  StringTable t;
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(t.Add("w" + std::to_string(i)), i);
  t.Reserve(20000);  // rehashes what is there
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(t.Find("w" + std::to_string(i)), i) << i;
  EXPECT_EQ(t.Find("w5000"), -1);
  EXPECT_EQ(t.Add("w5000"), 5000);
}

TEST(StringTable, EmptyStringIsAString) {
  StringTable t;
  EXPECT_EQ(t.Add(""), 0);
  EXPECT_TRUE(t.Contains(""));
  EXPECT_EQ(t.Find("x"), -1);
}

}  // namespace
}  // namespace hilfsnetz
