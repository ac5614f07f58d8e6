// What a money offer is for: the grant range its text states and the purposes it names
// (ranking/money_purpose.h). How the scorer uses them: reco_scoring_test.cc.
#include "ranking/money_purpose.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace hilfsnetz::ranking {
namespace {

TEST(MoneyPurpose, ReadsTheGrantRangeAFunderStates) {
  struct Case {
    std::string text;
    std::optional<double> min, max;
  };
  const std::vector<Case> cases = {
      {"Community fund grants (1,000–15,000 euros per project)", 1000, 15000},
      {"Projektförderung (2.000–20.000 Euro je Projekt)", 2000, 20000},
      {"Grants of 500 to 3,000 EUR for energy-saving measures", 500, 3000},
      {"Zuschüsse zwischen 500 und 2.000 € für Feste", 500, 2000},
      {"Einzelzuschüsse 2.000 - 50.000 Euro", 2000, 50000},
      {"Klimafonds (bis 10.000 Euro je Projekt)", std::nullopt, 10000},
      {"Grants of up to 5,000 € a year", std::nullopt, 5000},
      {"Förderung ab 500 Euro", 500, std::nullopt},
      // No range stated: a sum, a postcode, years, a bare number without a currency.
      {"Sponsorship for youth sport and children's clubs in Spandau", std::nullopt, std::nullopt},
      {"Laptops im Wert von 3.000 Euro", std::nullopt, std::nullopt},
      {"Spenden für Projekte in 12047 und 12049", std::nullopt, std::nullopt},
      {"Programm 2026-2027, bis 5.000 Euro", std::nullopt, 5000},
      {"Zuschüsse von 500 bis 2000 für Vereine", std::nullopt, std::nullopt},
      // "bis" and "ab" only as words: a pumpkin and a staff of 500 euros are no bounds.
      {"Ein Kürbis 500 Euro, ein Stab 300 Euro", std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const GrantRange r = ReadGrantRange(c.text);
    EXPECT_EQ(r.min_eur, c.min);
    EXPECT_EQ(r.max_eur, c.max);
  }
}

TEST(MoneyPurpose, AGapMuchSmallerThanTheSmallestGrantIsBelowIt) {
  const GrantRange r = ReadGrantRange("Grants of 2,000 to 20,000 EUR");
  EXPECT_TRUE(GapBelowGrants(r, 300));
  EXPECT_TRUE(GapBelowGrants(r, 999));
  EXPECT_FALSE(GapBelowGrants(r, 1000));  // half the smallest grant: a funder may top it up
  EXPECT_FALSE(GapBelowGrants(r, 50000));
  EXPECT_FALSE(GapBelowGrants(ReadGrantRange("bis 10.000 Euro"), 50));  // no smallest grant
}

std::vector<std::string> Ids(const std::vector<text::ConceptId>& ids) {
  std::vector<std::string> out;
  for (text::ConceptId c : ids) out.push_back(text::ConceptLexicon::Default().Get(c).id);
  return out;
}

TEST(MoneyPurpose, WhatItBuysApartFromWhomItIsFor) {
  // Things and services it buys are specific; groups, roots and topics are broad; money
  // itself and the rooms where the measures happen are no purpose.
  const MoneyPurpose energy = ReadMoneyPurpose(
      "Grants of 500 to 3,000 EUR for energy-saving measures in non-profit premises: LED "
      "lighting, insulation, efficient appliances");
  EXPECT_EQ(Ids(energy.specific),
            (std::vector<std::string>{"energiesparen", "lampen", "haushaltsgeraete"}));
  EXPECT_TRUE(energy.broad.empty()) << ::testing::PrintToString(Ids(energy.broad));
  EXPECT_EQ(energy.range.min_eur, 500);

  const MoneyPurpose bank = ReadMoneyPurpose(
      "Community fund grants for children and youth, education and digital inclusion");
  EXPECT_TRUE(bank.specific.empty()) << ::testing::PrintToString(Ids(bank.specific));
  EXPECT_FALSE(bank.broad.empty());

  EXPECT_TRUE(ReadMoneyPurpose("Geldspende").specific.empty());
  EXPECT_TRUE(ReadMoneyPurpose("Geldspende").broad.empty());
}

}  // namespace
}  // namespace hilfsnetz::ranking
