#include "core/loose_key.h"

#include <gtest/gtest.h>

namespace hilfsnetz {
namespace {

TEST(LooseKey, SpellingVariantsMeet) {
  EXPECT_EQ(LooseKey("Friedrichshain-Kreuzberg"), LooseKey("friedrichshain kreuzberg"));
  EXPECT_EQ(LooseKey("Neukölln"), "neukolln");
  EXPECT_EQ(LooseKey("Neukoelln"), "neukolln");
  EXPECT_EQ(LooseKey("NEUKÖLLN"), "neukolln");
  EXPECT_EQ(LooseKey("Neuko\xcc\x88lln"), "neukolln");  // NFD input
  EXPECT_EQ(LooseKey("Treptow-Köpenick"), LooseKey("treptow koepenick"));
  EXPECT_NE(LooseKey("Mitte"), LooseKey("Spandau"));
}

TEST(LooseKey, InvalidUtf8GivesEmptyKey) {
  EXPECT_EQ(LooseKey("abc\xff"), "");
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_TRUE(IsValidUtf8("Straße"));
}

}  // namespace
}  // namespace hilfsnetz
