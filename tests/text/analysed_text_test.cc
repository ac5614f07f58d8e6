// text::AnalyseDocumentText: a field read once for all its readers is what each would have read
// on its own: the analysis in the record's document language and that analysis's concepts.
#include "text/analysed_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hilfsnetz::text {
namespace {

void ExpectAnalysedAs(const std::string& text, const std::string& language,
                      const std::string& read_as) {
  SCOPED_TRACE(text + " in '" + language + "'");
  const AnalysedText a = AnalyseDocumentText(text, language);
  const std::vector<Token> tokens = Analyzer::Default().Analyze(text, read_as, Mode::kDocument);
  EXPECT_EQ(Analyzer::DebugString(a.tokens), Analyzer::DebugString(tokens));
  const std::vector<ConceptMatch> matches = ConceptLexicon::Default().MatchText(tokens, read_as);
  ASSERT_EQ(a.concepts.size(), matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    EXPECT_EQ(a.concepts[i].id, matches[i].id);
    EXPECT_EQ(a.concepts[i].first, matches[i].first);
    EXPECT_EQ(a.concepts[i].last, matches[i].last);
  }
}

TEST(AnalysedText, IsTheAnalysisAndConceptsInTheDocumentLanguage) {
  const std::string german = "Deutschkurse und haltbare Lebensmittel für Geflüchtete, Welcome Café";
  ExpectAnalysedAs(german, "de", "de");
  ExpectAnalysedAs(german, "de-AT", "de");
  ExpectAnalysedAs(german, "", "de");    // no language: read as German
  ExpectAnalysedAs(german, "xx", "de");  // unknown language: read as German
  ExpectAnalysedAs("German courses and food for refugees", "en", "en");
  ExpectAnalysedAs("دورات اللغة الألمانية للأطفال", "ar", "ar");
  EXPECT_FALSE(AnalyseDocumentText(german, "de").concepts.empty());
}

TEST(AnalysedText, EmptyTextIsEmpty) {
  const AnalysedText a = AnalyseDocumentText("", "de");
  EXPECT_TRUE(a.tokens.empty());
  EXPECT_TRUE(a.concepts.empty());
  EXPECT_TRUE(AnalyseDocumentText(" ,;! ", "de").tokens.empty());
}

}  // namespace
}  // namespace hilfsnetz::text
