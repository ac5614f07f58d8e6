// HighlightSnippet segments a prefix of long texts first; its answer must not depend on how
// long that prefix is.
#include "ranking/highlighter.h"

#include <cstddef>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schemas/codec/initiative_codec.h"
#include "text/analyzer.h"

namespace hilfsnetz::ranking {
namespace {

struct Terms {
  std::set<std::string> surfaces, stems;
  MarkTerms marks() const { return {&surfaces, &stems}; }
};

Terms TermsOf(const std::string& query) {
  Terms t;
  for (const text::Token& tok : text::Analyzer::Default().Analyze(query, "", text::Mode::kQuery)) {
    t.surfaces.insert(tok.surface);
    t.stems.insert(tok.stems.begin(), tok.stems.end());
  }
  return t;
}

std::vector<schemas::Initiative> Sample() {
  std::vector<schemas::Initiative> out;
  std::ifstream in(std::string(HN_SOURCE_DIR) + "/data/sample/initiatives.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(schemas::ParseInitiative(line).initiative);
  }
  return out;
}

constexpr size_t kWhole = std::numeric_limits<size_t>::max();

TEST(HighlightSnippet, SameSnippetForEveryPrefixLength) {
  const std::vector<schemas::Initiative> sample = Sample();
  ASSERT_GE(sample.size(), 250u);
  // A long text: the sample's descriptions one after the other, so that matches fall before,
  // across and after every cut.
  std::string all;
  for (const auto& r : sample) all += r.description + "\n";
  size_t compared = 0;
  for (const char* query : {"Flüchtlinge Deutschkurs", "Laptops", "Garten Kinder", "Rechtsberatung",
                            "keinwortdasvorkommt", "Tafel Lebensmittel", "مساعدة"}) {
    const Terms terms = TermsOf(query);
    for (const auto& r : sample) {
      const std::string whole = internal::HighlightSnippetWithPrefix(r.description, r.language,
                                                                     terms.marks(), 30, kWhole);
      for (size_t prefix : {size_t{0}, size_t{40}, size_t{300}, kSnippetPrefixBytes}) {
        ASSERT_EQ(internal::HighlightSnippetWithPrefix(r.description, r.language, terms.marks(), 30,
                                                       prefix),
                  whole)
            << r.id << " q=" << query << " prefix=" << prefix;
        ++compared;
      }
    }
    const std::string whole =
        internal::HighlightSnippetWithPrefix(all, "de", terms.marks(), 30, kWhole);
    for (size_t prefix :
         {size_t{100}, size_t{1500}, size_t{20000}, all.size() / 2, all.size() - 1}) {
      EXPECT_EQ(internal::HighlightSnippetWithPrefix(all, "de", terms.marks(), 30, prefix), whole)
          << "q=" << query << " prefix=" << prefix;
    }
    EXPECT_EQ(HighlightSnippet(all, "de", terms.marks(), 30), whole);
  }
  EXPECT_GE(compared, 7000u);
}

TEST(HighlightSnippet, FindsAMatchFarBeyondThePrefix) {
  std::string text;
  for (int i = 0; i < 600; ++i) text += "Wort" + std::to_string(i) + " ";
  text += "Hier werden Laptops gesammelt. Danach folgt noch etwas Text.";
  const Terms terms = TermsOf("Laptops");
  const std::string snippet = HighlightSnippet(text, "de", terms.marks(), 10);
  // The window ends at the text's end, so it starts 10 words before it.
  EXPECT_EQ(snippet,
            "… Wort599 Hier werden <mark>Laptops</mark> gesammelt. Danach folgt noch etwas Text.");
}

TEST(HighlightSnippet, NoMatchGivesTheStartOfTheText) {
  std::string text;
  for (int i = 0; i < 600; ++i) text += "Wort" + std::to_string(i) + " ";
  const Terms terms = TermsOf("Laptop");
  EXPECT_EQ(HighlightSnippet(text, "de", terms.marks(), 4), "Wort0 Wort1 Wort2 Wort3 …");
}

}  // namespace
}  // namespace hilfsnetz::ranking
