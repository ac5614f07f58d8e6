#include "schemas/stored_record.h"

#include <cmath>
#include <fstream>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "schemas/codec/initiative_codec.h"
#include "tests/support/status_matchers.h"

namespace hilfsnetz::schemas {
namespace {

using hilfsnetz::testing::StatusIs;
using ::testing::HasSubstr;

Initiative Parse(const std::string& json) {
  ParsedInitiative parsed = ParseInitiative(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed.initiative;
}

// A record using every field, every optional, a non-Berlin city and a provided embedding.
Initiative Full() {
  Initiative in;
  in.id = "full-1";
  in.title = "Nähcafé für alle – مقهى الخياطة";
  in.summary = "Summary";
  in.description = std::string("with a NUL \0 inside", 19);
  in.organisation = "Verein e.V.";
  in.language = "de";
  in.city = "Potsdam";
  in.district = "Babelsberg Süd";
  in.neighbourhood = "Weberviertel";
  in.postcode = "14482";
  in.location = geo::LatLon{52.3906, 13.0645};
  in.topics = {"education", "women"};
  in.target_groups = {"Frauen", "Geflüchtete"};
  in.languages_spoken = {"de", "ar", "fa-AF"};
  Need money{NeedType::kMoney, "Miete", 3400.5, 0.0, std::nullopt, std::nullopt};
  Need goods{NeedType::kGoods, "15 Nähmaschinen", std::nullopt, std::nullopt, 15, std::nullopt};
  Need people{NeedType::kVolunteers, "", std::nullopt, std::nullopt, std::nullopt, 12.25};
  Need jobs{NeedType::kJobs, "Praktikum", 1, 2, 3, 4};
  in.needs = {money, goods, people, jobs};
  in.status = InitiativeStatus::kPaused;
  in.created_at = "2024-01-02T03:04:05Z";
  in.updated_at = "2025-06-07T08:09:10+02:00";
  in.created_unix = 1704164645;
  in.updated_unix = -5;  // any int64 survives
  in.contact = Contact{"info@example.org", ""};
  in.embedding = {0.25f, -0.0f, 1e-38f, -3.5f};
  return in;
}

TEST(StoredRecord, RoundTripsEveryField) {
  const Initiative in = Full();
  Result<Initiative> out = DecodeStoredInitiative(EncodeStoredInitiative(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, in);
  EXPECT_TRUE(std::signbit(out->embedding[1]));  // -0.0 stays negative
}

TEST(StoredRecord, RoundTripsAnEmptyRecord) {
  Initiative in;
  in.id = "e";
  in.title = "T";
  Result<Initiative> out = DecodeStoredInitiative(EncodeStoredInitiative(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, in);
  EXPECT_FALSE(out->location.has_value());
  EXPECT_FALSE(out->contact.has_value());
}

// Every fixture and every sample record: the stored form gives back the parsed record, and the
// record endpoint's JSON (serialised from it) is what it was when the index stored JSON.
TEST(StoredRecord, RoundTripsTheFixturesAndTheSampleCorpus) {
  int records = 0;
  for (const char* file :
       {"/tests/schemas/fixtures/initiatives_good.jsonl", "/data/sample/initiatives.jsonl"}) {
    std::ifstream in(std::string(HN_SOURCE_DIR) + file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      ++records;
      const Initiative parsed = Parse(line);
      Result<Initiative> stored = DecodeStoredInitiative(EncodeStoredInitiative(parsed));
      ASSERT_TRUE(stored.ok()) << line;
      EXPECT_EQ(*stored, parsed) << line;
      EXPECT_EQ(SerializeInitiative(*stored), SerializeInitiative(parsed));
    }
  }
  EXPECT_GE(records, 285);
}

TEST(StoredRecord, EveryTruncationIsAnErrorNamingWhere) {
  const std::string bytes = EncodeStoredInitiative(Full());
  for (size_t n = 0; n < bytes.size(); ++n) {
    ASSERT_THAT(
        DecodeStoredInitiative(std::string_view(bytes).substr(0, n)),
        StatusIs(StatusCode::kDataLoss, HasSubstr("stored record: truncated or damaged at ")))
        << "the first " << n << " of " << bytes.size() << " bytes";
  }
  EXPECT_THAT(DecodeStoredInitiative(bytes.substr(0, 10)).status().message(), HasSubstr("at id"));
}

TEST(StoredRecord, RejectsTrailingBytesOldJsonAndBadEnums) {
  const std::string bytes = EncodeStoredInitiative(Full());
  EXPECT_THAT(DecodeStoredInitiative(bytes + "x").status().message(), HasSubstr("left over"));
  // An index generation written before the binary form stored canonical JSON.
  EXPECT_THAT(DecodeStoredInitiative(SerializeInitiative(Full())).status().message(),
              HasSubstr("at the header"));
  Initiative one;
  one.id = "s";
  one.title = "T";
  std::string status = EncodeStoredInitiative(one);
  // A record without lists, needs, contact or embedding ends: u8 status, 2 × empty str
  // (4 bytes each), 2 × i64, u8 contact flag, u32 embedding count.
  const size_t at = status.size() - (4 + 4 + 16 + 1 + 4) - 1;
  ASSERT_EQ(status[at], static_cast<char>(InitiativeStatus::kActive));
  status[at] = 3;
  EXPECT_THAT(DecodeStoredInitiative(status).status().message(), HasSubstr("at status"));
}

// Random damage is an error or a record, never a crash or a huge allocation.
TEST(StoredRecord, SurvivesRandomDamage) {
  const std::string bytes = EncodeStoredInitiative(Full());
  std::mt19937 rng(7);
  int rejected = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string damaged = bytes;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) damaged[rng() % damaged.size()] = static_cast<char>(rng());
    Result<Initiative> out = DecodeStoredInitiative(damaged);
    if (!out.ok()) {
      ++rejected;
      EXPECT_EQ(out.status().code(), StatusCode::kDataLoss);
    }
  }
  EXPECT_GT(rejected, 1000);  // most damage to lengths, enums and the header is noticed
}

}  // namespace
}  // namespace hilfsnetz::schemas
