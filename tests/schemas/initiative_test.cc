#include "schemas/initiative.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hilfsnetz::schemas {
namespace {

nlohmann::json LoadSchema() {
  std::ifstream in(std::string(HN_SOURCE_DIR) + "/schemas/initiative.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

TEST(Initiative, EnumNamesRoundTrip) {
  for (NeedType t : kAllNeedTypes) EXPECT_EQ(ParseNeedType(NeedTypeName(t)), t);
  EXPECT_EQ(ParseNeedType("food"), std::nullopt);
  EXPECT_EQ(ParseNeedType("Money"), std::nullopt);  // wire names are exact
  for (auto s :
       {InitiativeStatus::kActive, InitiativeStatus::kPaused, InitiativeStatus::kCompleted}) {
    EXPECT_EQ(ParseInitiativeStatus(InitiativeStatusName(s)), s);
  }
  EXPECT_EQ(ParseInitiativeStatus("open"), std::nullopt);
}

TEST(Initiative, EnumsMatchTheSchema) {
  const nlohmann::json schema = LoadSchema();
  EXPECT_EQ(schema["properties"]["topics"]["items"]["enum"].get<std::vector<std::string>>(),
            TopicNames());
  std::vector<std::string> need_types;
  for (NeedType t : kAllNeedTypes) need_types.emplace_back(NeedTypeName(t));
  EXPECT_EQ(schema["$defs"]["need"]["properties"]["type"]["enum"].get<std::vector<std::string>>(),
            need_types);
  EXPECT_EQ(schema["properties"]["status"]["enum"].get<std::vector<std::string>>(),
            (std::vector<std::string>{"active", "paused", "completed"}));
}

TEST(Initiative, IsTopic) {
  EXPECT_TRUE(IsTopic("children_youth"));
  EXPECT_FALSE(IsTopic("sports"));
  EXPECT_FALSE(IsTopic(""));
  EXPECT_EQ(TopicNames().size(), 18u);
}

TEST(Initiative, FundingGap) {
  Need need{NeedType::kMoney, "", 5000.0, 1250.0, std::nullopt, std::nullopt};
  EXPECT_DOUBLE_EQ(need.FundingGap(), 3750.0);
  need.raised_eur.reset();
  EXPECT_DOUBLE_EQ(need.FundingGap(), 5000.0);
  need.raised_eur = 6000.0;  // over-funded: no gap, never negative
  EXPECT_DOUBLE_EQ(need.FundingGap(), 0.0);
  need.amount_eur.reset();
  EXPECT_DOUBLE_EQ(need.FundingGap(), 0.0);

  Initiative initiative;
  initiative.needs = {Need{NeedType::kMoney, "", 1000.0, 400.0, {}, {}},
                      Need{NeedType::kMoney, "", 100.0, 300.0, {}, {}},
                      Need{NeedType::kGoods, "", 999.0, std::nullopt, 3.0, {}},
                      Need{NeedType::kMoney, "", 50.0, std::nullopt, {}, {}}};
  EXPECT_DOUBLE_EQ(initiative.FundingGap(), 650.0);  // 600 + 0 + (goods ignored) + 50
}

TEST(Initiative, IsBerlin) {
  Initiative initiative;
  EXPECT_TRUE(initiative.IsBerlin());  // the default city
  initiative.city = "BERLIN";
  EXPECT_TRUE(initiative.IsBerlin());
  initiative.city = "Hamburg";
  EXPECT_FALSE(initiative.IsBerlin());
}

}  // namespace
}  // namespace hilfsnetz::schemas
