// Golden tables (STYLE.md 2.9) for issue 8's query reading:
//
//   tests/golden/query_languages.txt  query<TAB>language of the query<TAB>each word's languages
//                                     ("deutschkurs help" -> "de", "deutschkurs:de help:en")
//   tests/golden/concepts.txt         language<TAB>text<TAB>the concepts the text names
//                                     (ConceptLexicon::MatchText over a record's text)
//
// Each row's input drives the case; HN_UPDATE_GOLDEN=1 rewrites the expected columns from the
// current output, to be reviewed as a diff. Rows under "# <lang>" headings in
// query_languages.txt must be detected as that language (checked here, not by the golden
// file), so rewriting cannot turn a wrong detection into the expectation.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/golden.h"
#include "text/concept_lexicon.h"
#include "text/query_analysis.h"

namespace hilfsnetz::text {
namespace {

std::vector<std::string> Tabs(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, '\t')) f.push_back(x);
  return f;
}

std::string WordLanguages(const QueryAnalysis& q) {
  std::string out;
  for (const QueryWord& w : q.words) {
    if (!out.empty()) out += ' ';
    out += w.token.surface + ":";
    for (size_t i = 0; i < w.languages.size(); ++i) out += (i ? "," : "") + w.languages[i];
  }
  return out;
}

std::string Concepts(const std::string& language, const std::string& text) {
  const ConceptLexicon& lex = ConceptLexicon::Default();
  const auto tokens = Analyzer::Default().Analyze(text, language, Mode::kDocument);
  std::string out;
  for (const ConceptMatch& m : lex.MatchText(tokens, language)) {
    const std::string id = lex.Get(m.id).id;
    if ((" " + out + " ").find(" " + id + " ") != std::string::npos) continue;
    out += (out.empty() ? "" : " ") + id;
  }
  return out;
}

// Runs a golden file: `expected(fields)` renders the expected columns from the input column(s).
void RunGolden(const std::string& path, size_t inputs,
               const std::function<std::vector<std::string>(const std::vector<std::string>&,
                                                            const std::string&)>& actual) {
  const bool update = testing::UpdateGoldenRequested();
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::vector<std::string> out;
  std::string line, section;
  size_t cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      if (line.rfind("# ", 0) == 0 && line.size() <= 4) section = line.substr(2);
      out.push_back(line);
      continue;
    }
    std::vector<std::string> f = Tabs(line);
    ASSERT_GE(f.size(), inputs) << line;
    f.resize(std::max(f.size(), inputs));
    const std::vector<std::string> input(f.begin(), f.begin() + static_cast<long>(inputs));
    const std::vector<std::string> got = actual(input, section);
    std::string row;
    for (const std::string& x : input) row += (row.empty() ? "" : "\t") + x;
    for (const std::string& x : got) row += "\t" + x;
    if (!update) {
      EXPECT_EQ(row, line);
    }
    out.push_back(row);
    ++cases;
  }
  EXPECT_GE(cases, 50u);
  if (update) {
    std::ofstream o(path);
    for (const std::string& l : out) o << l << "\n";
  }
}

TEST(QueryLanguageGolden, ShortQueriesInEachLanguage) {
  RunGolden(
      HN_SOURCE_DIR "/tests/golden/query_languages.txt", 1,
      [](const std::vector<std::string>& in, const std::string& section) {
        const QueryAnalysis q = AnalyzeQuery(in[0], {});
        // Not from the golden file: a query under "# ar" is Arabic.
        if (!section.empty()) {
          EXPECT_EQ(q.language, section) << in[0];
        }
        return std::vector<std::string>{q.language.empty() ? "-" : q.language, WordLanguages(q)};
      });
}

TEST(ConceptGolden, RecordTextsNameTheirConcepts) {
  RunGolden(HN_SOURCE_DIR "/tests/golden/concepts.txt", 2,
            [](const std::vector<std::string>& in, const std::string&) {
              return std::vector<std::string>{Concepts(in[0], in[1])};
            });
}

}  // namespace
}  // namespace hilfsnetz::text
