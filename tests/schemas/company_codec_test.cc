#include "schemas/codec/company_codec.h"

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "geo/berlin.h"

namespace hilfsnetz::schemas {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Parses `json`, expecting success.
CompanyProfile Parse(const std::string& json) {
  ParsedCompany parsed = ParseCompanyProfile(json);
  std::string errors;
  for (const FieldError& e : parsed.errors) errors += e.field + ": " + e.en + "\n";
  EXPECT_TRUE(parsed.ok()) << json << "\n" << errors;
  return parsed.profile;
}

std::string Profile(const std::string& fields) {
  return R"({"name": "Firma")" + (fields.empty() ? "" : ", " + fields) + "}";
}

std::vector<std::string> Fields(const ParsedCompany& parsed) {
  std::vector<std::string> fields;
  for (const FieldError& e : parsed.errors) fields.push_back(e.field);
  return fields;
}

TEST(CompanyCodec, Defaults) {
  CompanyProfile p = Parse(Profile(""));
  EXPECT_EQ(p.name, "Firma");
  EXPECT_EQ(p.limit, 10);
  EXPECT_EQ(p.district, "");
  EXPECT_EQ(p.neighbourhood, "");
  EXPECT_FALSE(p.location.has_value());
  EXPECT_FALSE(p.radius_km.has_value());
  EXPECT_TRUE(p.offers.empty());
  EXPECT_TRUE(p.embedding.empty());
}

TEST(CompanyCodec, ReadsEveryField) {
  CompanyProfile p = Parse(Profile(
      R"("description": "D", "industry": "IT", "district": "Mitte", "postcode": "10115",
         "location": {"lat": 52.53, "lon": 13.38},
         "offers": [{"type": "money", "amount_eur": 500.5},
                    {"type": "volunteers", "description": "Team", "quantity": 4, "hours": 8}],
         "topics": ["work", "digital"], "languages": ["de", "en"], "radius_km": 7.5,
         "exclude_ids": ["a", "b.c"], "limit": 25, "embedding": [0.5, -1, 2])"));
  EXPECT_EQ(p.description, "D");
  EXPECT_EQ(p.industry, "IT");
  EXPECT_EQ(p.postcode, "10115");
  EXPECT_EQ(p.location, (geo::LatLon{52.53, 13.38}));
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_EQ(p.offers[0], (Offer{NeedType::kMoney, "", 500.5, std::nullopt, std::nullopt}));
  EXPECT_EQ(p.offers[1], (Offer{NeedType::kVolunteers, "Team", std::nullopt, 4.0, 8.0}));
  EXPECT_THAT(p.topics, ElementsAre("work", "digital"));
  EXPECT_THAT(p.languages, ElementsAre("de", "en"));
  EXPECT_EQ(p.radius_km, 7.5);
  EXPECT_THAT(p.exclude_ids, ElementsAre("a", "b.c"));
  EXPECT_EQ(p.limit, 25);
  EXPECT_THAT(p.embedding, ElementsAre(0.5f, -1.0f, 2.0f));
}

TEST(CompanyCodec, CanonicalisesDistrictSpellings) {
  CompanyProfile p = Parse(Profile(R"("district": "neukoelln")"));
  EXPECT_EQ(p.district, "Neukölln");
  EXPECT_EQ(p.neighbourhood, "");        // a district alone names no Ortsteil
  EXPECT_FALSE(p.location.has_value());  // … and gives no location (as for initiatives)
  EXPECT_EQ(Parse(Profile(R"("district": "friedrichshain kreuzberg")")).district,
            "Friedrichshain-Kreuzberg");
  EXPECT_EQ(Parse(Profile(R"("district": "Bezirk Mitte")")).district, "Mitte");
  EXPECT_EQ(Parse(Profile(R"("district": "NEUKÖLLN")")).district, "Neukölln");
}

TEST(CompanyCodec, PostcodeDerivesDistrictOrtsteilAndLocation) {
  CompanyProfile p = Parse(Profile(R"("postcode": "12047")"));
  EXPECT_EQ(p.postcode, "12047");
  EXPECT_EQ(p.district, "Neukölln");
  EXPECT_EQ(p.neighbourhood, "Neukölln");
  ASSERT_TRUE(p.location.has_value());
  EXPECT_EQ(p.location, geo::Berlin::Get().FindPostcode("12047")->centroid);
}

TEST(CompanyCodec, LocationDerivesOrtsteilAndDistrict) {
  CompanyProfile p = Parse(Profile(R"("location": {"lat": 52.4895, "lon": 13.4278})"));
  EXPECT_EQ(p.neighbourhood, "Neukölln");
  EXPECT_EQ(p.district, "Neukölln");
  EXPECT_EQ(p.location, (geo::LatLon{52.4895, 13.4278}));  // given: kept

  CompanyProfile outside = Parse(Profile(R"("location": {"lat": 52.39, "lon": 13.06})"));
  EXPECT_EQ(outside.district, "");  // Potsdam: nothing to derive
  EXPECT_EQ(outside.neighbourhood, "");
  EXPECT_TRUE(outside.location.has_value());
}

TEST(CompanyCodec, GivenValuesWinOverDerivedOnes) {
  // 10965 lies in Friedrichshain-Kreuzberg; the given district and location are kept.
  CompanyProfile p = Parse(Profile(
      R"("district": "Tempelhof-Schöneberg", "postcode": "10965",
         "location": {"lat": 52.4895, "lon": 13.4278})"));
  EXPECT_EQ(p.district, "Tempelhof-Schöneberg");
  EXPECT_EQ(p.neighbourhood, "Neukölln");  // the location's Ortsteil beats the postcode's
  EXPECT_EQ(p.location, (geo::LatLon{52.4895, 13.4278}));

  CompanyProfile hamburg = Parse(Profile(R"("postcode": "20095")"));
  EXPECT_EQ(hamburg.postcode, "20095");  // accepted, derives nothing
  EXPECT_EQ(hamburg.district, "");
  EXPECT_FALSE(hamburg.location.has_value());
}

TEST(CompanyCodec, UnknownDistrictListsValidNames) {
  ParsedCompany parsed = ParseCompanyProfile(Profile(R"("district": "Kreuzkölln")"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].field, "district");
  EXPECT_THAT(parsed.errors[0].en, HasSubstr("unknown district \"Kreuzkölln\""));
  EXPECT_THAT(parsed.errors[0].en, HasSubstr(geo::Berlin::Get().DistrictNamesList()));
  EXPECT_THAT(parsed.errors[0].de, HasSubstr("unbekannter Bezirk „Kreuzkölln“"));
}

TEST(CompanyCodec, LimitAndRadiusBounds) {
  EXPECT_EQ(Parse(Profile(R"("limit": 1e2)")).limit, 100);  // JSON Schema: 100.0 is integral
  EXPECT_EQ(Parse(Profile(R"("limit": 1.0)")).limit, 1);
  EXPECT_EQ(Parse(Profile(R"("radius_km": 1000)")).radius_km, 1000.0);
  EXPECT_EQ(Parse(Profile(R"("radius_km": 1e-9)")).radius_km, 1e-9);
  for (const char* bad :
       {R"("limit": 0)", R"("limit": 100.5)", R"("limit": null)", R"("limit": 1e300)",
        R"("radius_km": 0)", R"("radius_km": -0.0)", R"("radius_km": 1e308)"}) {
    ParsedCompany parsed = ParseCompanyProfile(Profile(bad));
    ASSERT_EQ(parsed.errors.size(), 1u) << bad;
    EXPECT_THAT(parsed.errors[0].field, ::testing::AnyOf("limit", "radius_km")) << bad;
  }
  ParsedCompany radius = ParseCompanyProfile(Profile(R"("radius_km": 0)"));
  EXPECT_EQ(radius.errors[0].en, "must be greater than 0 and at most 1000");
  EXPECT_EQ(radius.errors[0].de, "muss größer als 0 und höchstens 1000 sein");
}

TEST(CompanyCodec, AnOrtsteilOrKiezPlacesTheCompany) {
  const CompanyProfile wedding = Parse(Profile(R"("neighbourhood": "Wedding")"));
  EXPECT_EQ(wedding.neighbourhood, "Wedding");
  EXPECT_EQ(wedding.district, "Mitte");
  ASSERT_TRUE(wedding.location.has_value());
  const CompanyProfile reuter = Parse(Profile(R"("neighbourhood": "reuterkiez")"));
  EXPECT_EQ(reuter.neighbourhood, "Reuterkiez");
  EXPECT_EQ(reuter.district, "Neukölln");
  ASSERT_TRUE(reuter.location.has_value());
  // The Kiez's own place, not its Ortsteil's centre (Reuterkiez lies in the north of Neukölln).
  EXPECT_GT(reuter.location->lat, 52.48);
  ParsedCompany unknown = ParseCompanyProfile(Profile(R"("neighbourhood": "Atlantis")"));
  EXPECT_THAT(Fields(unknown), ElementsAre("neighbourhood"));
  EXPECT_EQ(unknown.errors[0].en, "must be a Berlin Ortsteil or Kiez, e.g. Wedding or Reuterkiez");
}

TEST(CompanyCodec, AQuantityInWordsIsRefusedWithWhereItBelongs) {
  ParsedCompany parsed = ParseCompanyProfile(Profile(
      R"("offers": [{"type": "goods", "description": "Brot", "quantity": "ca. 50 kg pro Woche"}])"));
  ASSERT_THAT(Fields(parsed), ElementsAre("offers[0].quantity"));
  EXPECT_EQ(parsed.errors[0].en,
            "must be a number; an amount in words such as \"ca. 50 kg pro Woche\" belongs in the "
            "description");
  EXPECT_EQ(parsed.errors[0].de,
            "muss eine Zahl sein; eine Angabe in Worten wie „ca. 50 kg pro Woche“ gehört in die "
            "Beschreibung");
  // 50 offers are accepted, 51 are one error naming offers.
  std::string fifty = R"("offers": [)";
  for (int i = 0; i < 51; ++i)
    fifty += std::string(i ? "," : "") + R"({"type": "money", "amount_eur": 10})";
  EXPECT_THAT(Fields(ParseCompanyProfile(Profile(fifty + "]"))), ElementsAre("offers"));
}

// Issue 10 (found by fuzz/company_codec_fuzzer): the "invalid JSON" message quoted half of a
// two-byte character and was not valid UTF-8.
TEST(CompanyCodec, Issue10InvalidJsonMessageIsValidUtf8) {
  ParsedCompany parsed = ParseCompanyProfile(Profile(R"("exclude_ids": ["a", ѴЖ])"));
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0].en, HasSubstr("invalid JSON at byte"));
  EXPECT_TRUE(IsValidUtf8(parsed.errors[0].en)) << parsed.errors[0].en;
  EXPECT_TRUE(IsValidUtf8(parsed.errors[0].de)) << parsed.errors[0].de;
}

// Issue 10 (found by fuzz/company_codec_fuzzer): the neighbourhood and district errors, added
// after the reader, went past the cap of 100 errors plus one "more than 100" entry.
TEST(CompanyCodec, Issue10GeographyErrorsKeepTheCap) {
  std::string fields = R"("district": "Atlantis", "neighbourhood": "Atlantis")";
  for (int i = 0; i < 500; ++i) fields += ", \"f" + std::to_string(i) + "\": 1";
  ParsedCompany parsed = ParseCompanyProfile(Profile(fields));
  EXPECT_EQ(parsed.errors.size(), 101u);
  EXPECT_THAT(parsed.errors.back().en, HasSubstr("more than 100 errors"));
}

TEST(CompanyCodec, WeightsOverrideOneByOneWithinBounds) {
  const CompanyProfile p = Parse(Profile(R"("weights": {"proximity": 1, "need_match": 0})"));
  EXPECT_EQ(p.weights.proximity, 1.0);
  EXPECT_EQ(p.weights.need_match, 0.0);
  EXPECT_FALSE(p.weights.semantic.has_value());
  EXPECT_EQ(Parse(Profile("")).weights, WeightOverrides{});
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"("weights": {"proximity": 1.5})", "weights.proximity"},
      {R"("weights": {"urgency": -0.1})", "weights.urgency"},
      {R"("weights": {"topics": "0.3"})", "weights.topics"},
      {R"("weights": {"speed": 0.3})", "weights.speed"},
      {R"("weights": [0.3])", "weights"},
      {R"("weights": {"need_match": 0, "semantic": 0, "proximity": 0, "topics": 0, "languages": 0, "urgency": 0})",
       "weights"},
  };
  for (const auto& [json, field] : bad) {
    ParsedCompany parsed = ParseCompanyProfile(Profile(json));
    EXPECT_THAT(Fields(parsed), ElementsAre(field)) << json;
  }
  ParsedCompany zero = ParseCompanyProfile(Profile(bad.back().first));
  ASSERT_EQ(zero.errors.size(), 1u);
  EXPECT_EQ(zero.errors[0].en, "must be a set of weights with at least one above 0");
  EXPECT_EQ(zero.errors[0].de, "muss eine Menge von Gewichten mit mindestens einem über 0 sein");
}

TEST(CompanyCodec, CollectsAllErrors) {
  ParsedCompany parsed = ParseCompanyProfile(
      R"({"offers": [{"type": "money"}, {"type": "food", "x": 1}, {}],
          "location": {"lat": 100}, "limit": 0, "languages": ["de", "de"],
          "exclude_ids": ["a b"], "foo": 1})");
  EXPECT_THAT(Fields(parsed),
              ::testing::UnorderedElementsAre("name", "offers[1].type", "offers[1].x",
                                              "offers[2].type", "location.lat", "location.lon",
                                              "limit", "languages[1]", "exclude_ids[0]", "foo"));
  for (const FieldError& e : parsed.errors) {
    EXPECT_FALSE(e.en.empty()) << e.field;
    EXPECT_NE(e.en, e.de) << e.field;
    if (e.field == "offers[1].type") {
      EXPECT_THAT(e.en, HasSubstr("money, goods, volunteers, expertise, space, jobs"));
      EXPECT_THAT(e.de, HasSubstr("gültig: money"));
    }
  }
}

TEST(CompanyCodec, TooManyItemsStillChecksTheItems) {
  std::string offers;
  for (int i = 0; i < 51; ++i) offers += std::string(i ? "," : "") + R"({"type": "goods"})";
  ParsedCompany parsed =
      ParseCompanyProfile(Profile(R"("offers": [)" + offers + R"(, {"type": "food"}])"));
  EXPECT_THAT(Fields(parsed), ElementsAre("offers", "offers[51].type"));
  EXPECT_THAT(parsed.errors[0].en, HasSubstr("0 to 50 items"));
}

TEST(CompanyCodec, InvalidInputGivesErrorsNotCrashes) {
  ParsedCompany utf8 = ParseCompanyProfile(Profile(R"("industry": "caf)"
                                                   "\xC3\x28"
                                                   R"(")"));
  ASSERT_EQ(utf8.errors.size(), 1u);
  EXPECT_EQ(utf8.errors[0].field, "");
  EXPECT_THAT(utf8.errors[0].en, HasSubstr("UTF-8"));

  ParsedCompany syntax = ParseCompanyProfile(R"({"name": "x", "limit": })");  // '}' at 23
  ASSERT_EQ(syntax.errors.size(), 1u);
  EXPECT_EQ(syntax.errors[0].field, "");
  EXPECT_THAT(syntax.errors[0].en, HasSubstr("invalid JSON at byte 23"));
  EXPECT_THAT(syntax.errors[0].de, HasSubstr("ungültiges JSON bei Byte 23"));

  for (const char* text : {"null", "[]", "42", "\"x\"", "[{\"name\": \"x\"}]"}) {
    ParsedCompany parsed = ParseCompanyProfile(text);
    ASSERT_EQ(parsed.errors.size(), 1u) << text;
    EXPECT_EQ(parsed.errors[0].field, "") << text;
    EXPECT_THAT(parsed.errors[0].en, HasSubstr("must be a JSON object")) << text;
  }
  for (const char* text : {"", "{", "{\"name\": \"\\ud800\"}", "{\"limit\": 1e999}"}) {
    EXPECT_FALSE(ParseCompanyProfile(text).ok()) << text;
  }
  EXPECT_FALSE(ParseCompanyProfile(std::string(1 << 20, '[')).ok());
  EXPECT_FALSE(ParseCompanyProfile(std::string(1 << 20, '{')).ok());
}

TEST(CompanyCodec, RandomBytes) {
  // JSON-ish bytes, so that many inputs get past the parser into the reader.
  constexpr std::string_view kAlphabet = "{}[]\":,0123456789.e-tfnul \\abcxyz\xC3\xA4";
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 300, '\0');
    for (char& c : text) c = kAlphabet[rng() % kAlphabet.size()];
    text.insert(0, "{");
    ParsedCompany parsed = ParseCompanyProfile(text);  // must not throw or crash
    if (!parsed.ok()) {
      EXPECT_LT(parsed.errors[0].en.size(), 400u);
    }
  }
}

TEST(CompanyCodec, ManyErrorsAreCapped) {
  std::string json = R"({"name": "x")";
  for (int i = 0; i < 500; ++i) json += ", \"f" + std::to_string(i) + "\": 1";
  ParsedCompany parsed = ParseCompanyProfile(json + "}");
  EXPECT_EQ(parsed.errors.size(), 101u);
  EXPECT_THAT(parsed.errors.back().en, HasSubstr("more than 100 errors"));
}

TEST(CompanyCodec, EnumsMatchTheSchema) {
  std::ifstream in(std::string(HN_SOURCE_DIR) + "/schemas/company.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json schema = nlohmann::json::parse(text.str());
  EXPECT_EQ(schema["properties"]["topics"]["items"]["enum"].get<std::vector<std::string>>(),
            TopicNames());
  std::vector<std::string> need_types;
  for (NeedType t : kAllNeedTypes) need_types.emplace_back(NeedTypeName(t));
  EXPECT_EQ(schema["$defs"]["offer"]["properties"]["type"]["enum"].get<std::vector<std::string>>(),
            need_types);
  EXPECT_EQ(schema["properties"]["limit"]["default"], CompanyProfile::kDefaultLimit);
  EXPECT_EQ(schema["properties"]["limit"]["maximum"], CompanyProfile::kMaxLimit);
}

}  // namespace
}  // namespace hilfsnetz::schemas
