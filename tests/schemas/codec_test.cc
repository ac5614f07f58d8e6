#include "schemas/codec/initiative_codec.h"

#include <fstream>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/loose_key.h"

namespace hilfsnetz::schemas {
namespace {

using ::testing::HasSubstr;

// Parses `json`, expecting success.
Initiative Parse(const std::string& json) {
  ParsedInitiative parsed = ParseInitiative(json);
  std::string errors;
  for (const FieldError& e : parsed.errors) errors += e.field + ": " + e.en + "\n";
  EXPECT_TRUE(parsed.ok()) << json << "\n" << errors;
  return parsed.initiative;
}

std::string Record(const std::string& fields) {
  return R"({"id": "x", "title": "T")" + (fields.empty() ? "" : ", " + fields) + "}";
}

TEST(Codec, Defaults) {
  Initiative in = Parse(Record(""));
  EXPECT_EQ(in.city, "Berlin");
  EXPECT_EQ(in.status, InitiativeStatus::kActive);
  EXPECT_EQ(in.district, "");
  EXPECT_FALSE(in.location.has_value());
  EXPECT_FALSE(in.contact.has_value());
  EXPECT_EQ(in.created_unix, 0);
}

TEST(Codec, CanonicalisesDistrictSpellings) {
  EXPECT_EQ(Parse(Record(R"("district": "Neukoelln")")).district, "Neukölln");
  EXPECT_EQ(Parse(Record(R"("district": "friedrichshain kreuzberg")")).district,
            "Friedrichshain-Kreuzberg");
  EXPECT_EQ(Parse(Record(R"("district": "Bezirk Mitte")")).district, "Mitte");
  EXPECT_EQ(Parse(Record(R"("city": "berlin", "district": "NEUKÖLLN")")).city, "Berlin");
}

TEST(Codec, PostcodeOnlyDerivesDistrictOrtsteilAndLocation) {
  Initiative in = Parse(Record(R"("postcode": "12047")"));
  EXPECT_EQ(in.district, "Neukölln");
  EXPECT_EQ(in.neighbourhood, "Neukölln");
  ASSERT_TRUE(in.location.has_value());
  EXPECT_EQ(in.location, geo::Berlin::Get().FindPostcode("12047")->centroid);
}

TEST(Codec, NeighbourhoodOnly) {
  Initiative moabit = Parse(Record(R"("neighbourhood": "moabit")"));
  EXPECT_EQ(moabit.neighbourhood, "Moabit");  // canonical Ortsteil spelling
  EXPECT_EQ(moabit.district, "Mitte");
  ASSERT_TRUE(moabit.location.has_value());
  EXPECT_EQ(moabit.location, geo::Berlin::Get().FindOrtsteil("Moabit")->centroid);

  Initiative kiez = Parse(Record(R"("neighbourhood": "reuterkiez")"));
  EXPECT_EQ(kiez.neighbourhood, "Reuterkiez");  // canonical Kiez spelling
  EXPECT_EQ(kiez.district, "Neukölln");
  ASSERT_TRUE(kiez.location.has_value());  // the Kiez's own location, not its Ortsteil's
  EXPECT_EQ(kiez.location, geo::Berlin::Get().FindKiez("Reuterkiez")->centroid);
  EXPECT_LT(geo::DistanceKm(*kiez.location, {52.4895, 13.4265}), 0.7);

  // A colloquial Kiez name (alias of an LOR Planungsraum).
  Initiative schiller = Parse(Record(R"("neighbourhood": "Schillerkiez")"));
  EXPECT_EQ(schiller.district, "Neukölln");
  ASSERT_TRUE(schiller.location.has_value());
  EXPECT_LT(geo::DistanceKm(*schiller.location, {52.4760, 13.4230}), 0.7);

  // A postcode is more precise than a Kiez estimate and wins.
  Initiative both = Parse(Record(R"("neighbourhood": "Reuterkiez", "postcode": "12047")"));
  EXPECT_EQ(both.location, geo::Berlin::Get().FindPostcode("12047")->centroid);
}

TEST(Codec, LocationOnlyDerivesOrtsteilAndDistrict) {
  Initiative in = Parse(Record(R"("location": {"lat": 52.4895, "lon": 13.4278})"));
  EXPECT_EQ(in.neighbourhood, "Neukölln");
  EXPECT_EQ(in.district, "Neukölln");
  Initiative outside = Parse(Record(R"("location": {"lat": 52.39, "lon": 13.06})"));
  EXPECT_EQ(outside.district, "");  // Potsdam: nothing to derive
  EXPECT_EQ(outside.neighbourhood, "");
}

TEST(Codec, GivenValuesWinOverDerivedOnes) {
  // 10965 lies in Kreuzberg (Friedrichshain-Kreuzberg); the given district is kept.
  Initiative in = Parse(Record(R"("district": "Tempelhof-Schöneberg", "postcode": "10965")"));
  EXPECT_EQ(in.district, "Tempelhof-Schöneberg");
  EXPECT_EQ(in.neighbourhood, geo::Berlin::Get().FindPostcode("10965")->ortsteil);
  // A postcode that is not in Berlin's table is accepted and derives nothing.
  Initiative unknown = Parse(Record(R"("postcode": "99999")"));
  EXPECT_EQ(unknown.postcode, "99999");
  EXPECT_EQ(unknown.district, "");
  EXPECT_FALSE(unknown.location.has_value());
}

TEST(Codec, UnknownBerlinDistrictListsValidNames) {
  ParsedInitiative parsed = ParseInitiative(Record(R"("district": "Kreuzkölln")"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].field, "district");
  EXPECT_THAT(parsed.errors[0].en, HasSubstr("\"Kreuzkölln\""));
  EXPECT_THAT(parsed.errors[0].en, HasSubstr(geo::Berlin::Get().DistrictNamesList()));
  EXPECT_THAT(parsed.errors[0].de, HasSubstr("unbekannter Bezirk „Kreuzkölln“"));
}

TEST(Codec, OtherCitiesKeepTheirDistrict) {
  Initiative in = Parse(Record(R"("city": "Hamburg", "district": "Altona", "postcode": "22765")"));
  EXPECT_EQ(in.city, "Hamburg");
  EXPECT_EQ(in.district, "Altona");
  EXPECT_EQ(in.neighbourhood, "");
  EXPECT_FALSE(in.location.has_value());
}

TEST(Codec, ParsesTimestamps) {
  Initiative in = Parse(Record(
      R"("created_at": "2024-05-01T14:30:00.75+02:00", "updated_at": "1970-01-01T00:00:01Z")"));
  EXPECT_EQ(in.created_at, "2024-05-01T14:30:00.75+02:00");
  EXPECT_EQ(in.created_unix, 1714566600);  // 2024-05-01T12:30:00Z
  EXPECT_EQ(in.updated_unix, 1);
  // The pattern allows 2023-02-29; the codec checks the calendar too.
  ParsedInitiative bad = ParseInitiative(Record(R"("created_at": "2023-02-29T00:00:00Z")"));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "created_at");
}

TEST(Codec, CollectsAllErrors) {
  ParsedInitiative parsed = ParseInitiative(
      R"({"id": "a b", "status": "open", "needs": [{"type": "money"}, {"type": "food", "x": 1}],
          "location": {"lat": 100}, "foo": 1})");
  std::vector<std::string> fields;
  for (const FieldError& e : parsed.errors) fields.push_back(e.field);
  EXPECT_THAT(fields,
              ::testing::UnorderedElementsAre("id", "title", "status", "needs[1].type",
                                              "needs[1].x", "location.lat", "location.lon", "foo"));
  for (const FieldError& e : parsed.errors) {
    if (e.field == "needs[1].type") {
      EXPECT_THAT(e.en, HasSubstr("money, goods, volunteers, expertise, space, jobs"));
      EXPECT_THAT(e.de, HasSubstr("gültig: money"));
    }
  }
}

TEST(Codec, InvalidInputGivesErrorsNotCrashes) {
  const std::string invalid_utf8 = Record(R"("title": "caf)"
                                          "\xC3\x28"
                                          R"(")");
  ParsedInitiative utf8 = ParseInitiative(invalid_utf8);
  ASSERT_EQ(utf8.errors.size(), 1u);
  EXPECT_THAT(utf8.errors[0].en, HasSubstr("UTF-8"));

  ParsedInitiative syntax = ParseInitiative(R"({"id": "x", "title": })");  // '}' at offset 21
  ASSERT_EQ(syntax.errors.size(), 1u);
  EXPECT_EQ(syntax.errors[0].field, "");
  EXPECT_THAT(syntax.errors[0].en, HasSubstr("invalid JSON at byte 21"));
  EXPECT_THAT(syntax.errors[0].de, HasSubstr("ungültiges JSON bei Byte 21"));

  for (const char* text : {"", "null", "[]", "42", "\"x\"", "{", "{\"id\": \"\\ud800\"}"}) {
    EXPECT_FALSE(ParseInitiative(text).ok()) << text;
  }
  EXPECT_FALSE(ParseInitiative(std::string(1 << 20, '[')).ok());
  EXPECT_FALSE(ParseInitiative(std::string(1 << 20, '{')).ok());
}

// Issue 10 (found by fuzz/initiative_codec_fuzzer): nlohmann quotes the bytes it read up to
// the failing one, which ended inside the two bytes of "Ж"; the message was invalid UTF-8.
TEST(Codec, Issue10InvalidJsonMessageIsValidUtf8) {
  ParsedInitiative parsed = ParseInitiative(Record(R"("topics": ["arrival", Ж])"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0].en, HasSubstr("invalid JSON at byte"));
  EXPECT_TRUE(IsValidUtf8(parsed.errors[0].en)) << parsed.errors[0].en;
  EXPECT_TRUE(IsValidUtf8(parsed.errors[0].de)) << parsed.errors[0].de;
}

TEST(Codec, MegabyteOfGarbage) {
  std::mt19937 rng(42);
  std::string garbage(1 << 20, '\0');
  for (char& c : garbage) c = static_cast<char>(rng() & 0xFF);
  EXPECT_FALSE(ParseInitiative(garbage).ok());
  std::string ascii(1 << 20, '\0');
  for (char& c : ascii) c = static_cast<char>(32 + rng() % 95);
  ascii[0] = '{';
  ParsedInitiative parsed = ParseInitiative(ascii);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.errors[0].en.size(), 400u);  // messages stay short
}

TEST(Codec, ManyUnknownFieldsAreCapped) {
  std::string json = R"({"id": "x", "title": "T")";
  for (int i = 0; i < 500; ++i) json += ", \"f" + std::to_string(i) + "\": 1";
  ParsedInitiative parsed = ParseInitiative(json + "}");
  EXPECT_EQ(parsed.errors.size(), 101u);
  EXPECT_THAT(parsed.errors.back().en, HasSubstr("more than 100 errors"));
}

// Issue 10 (found by fuzz/initiative_codec_fuzzer): the unknown-district error, added after
// the reader, went past the cap: 102 errors, the "more than 100" entry no longer last.
TEST(Codec, Issue10GeographyErrorsKeepTheCap) {
  std::string json = R"({"id": "x", "title": "T", "district": "Atlantis")";
  for (int i = 0; i < 500; ++i) json += ", \"f" + std::to_string(i) + "\": 1";
  ParsedInitiative parsed = ParseInitiative(json + "}");
  EXPECT_EQ(parsed.errors.size(), 101u);
  EXPECT_THAT(parsed.errors.back().en, HasSubstr("more than 100 errors"));
}

TEST(Codec, SerializeWritesCanonicalJson) {
  Initiative in = Parse(Record(
      R"("postcode": "12047", "needs": [{"type": "money", "amount_eur": 500000.0, "raised_eur": 12.5}],
         "embedding": [0.1, 1, -2.5], "contact": {})"));
  const std::string json = SerializeInitiative(in);
  EXPECT_THAT(json, HasSubstr(R"("id":"x","title":"T","city":"Berlin","district":"Neukölln")"));
  EXPECT_THAT(json, HasSubstr(R"("amount_eur":500000,"raised_eur":12.5)"));
  EXPECT_THAT(json, HasSubstr(R"("embedding":[0.1,1,-2.5])"));
  EXPECT_THAT(json, HasSubstr(R"("status":"active")"));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("contact")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("summary")));
}

TEST(Codec, RoundTripOverGoodFixtures) {
  std::ifstream in(std::string(HN_SOURCE_DIR) + "/tests/schemas/fixtures/initiatives_good.jsonl");
  int records = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++records;
    Initiative first = Parse(line);
    const std::string json = SerializeInitiative(first);
    Initiative second = Parse(json);
    EXPECT_EQ(first, second) << line << "\n" << json;
    EXPECT_EQ(SerializeInitiative(second), json);  // canonical form is a fixed point
  }
  EXPECT_GE(records, 15);
}

}  // namespace
}  // namespace hilfsnetz::schemas
