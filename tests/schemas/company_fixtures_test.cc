// The C++ half of the company-profile schema agreement test: ParseCompanyProfile must accept
// every line of fixtures/companies_good.jsonl and reject every line of companies_bad.jsonl
// with exactly one error, at the field named on the same line of companies_bad.fields. The
// ctest test schemas_python_agreement_company checks python3-jsonschema against the same
// labels.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schemas/codec/company_codec.h"

namespace hilfsnetz::schemas {
namespace {

const std::string kFixtures = std::string(HN_SOURCE_DIR) + "/tests/schemas/fixtures/";

// Non-empty lines not starting with '#'.
std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

std::string Describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) out += "\n  " + e.field + ": " + e.en + " / " + e.de;
  return out;
}

TEST(CompanyFixtures, GoodProfilesParse) {
  const auto lines = ReadLines(kFixtures + "companies_good.jsonl");
  ASSERT_GE(lines.size(), 10u);
  for (size_t i = 0; i < lines.size(); ++i) {
    ParsedCompany parsed = ParseCompanyProfile(lines[i]);
    EXPECT_TRUE(parsed.ok()) << "line " << i + 1 << Describe(parsed.errors);
  }
}

TEST(CompanyFixtures, BadProfilesFailAtTheLabelledField) {
  const auto lines = ReadLines(kFixtures + "companies_bad.jsonl");
  const auto labels = ReadLines(kFixtures + "companies_bad.fields");
  ASSERT_GE(lines.size(), 25u);
  ASSERT_EQ(lines.size(), labels.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string field = labels[i].substr(0, labels[i].find('\t'));
    ParsedCompany parsed = ParseCompanyProfile(lines[i]);
    ASSERT_EQ(parsed.errors.size(), 1u)
        << "line " << i + 1 << " (" << labels[i] << ")" << Describe(parsed.errors);
    EXPECT_EQ(parsed.errors[0].field, field) << "line " << i + 1 << Describe(parsed.errors);
    EXPECT_FALSE(parsed.errors[0].en.empty());
    EXPECT_FALSE(parsed.errors[0].de.empty());
    EXPECT_NE(parsed.errors[0].en, parsed.errors[0].de) << "line " << i + 1;
  }
}

}  // namespace
}  // namespace hilfsnetz::schemas
