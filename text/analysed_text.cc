#include "text/analysed_text.h"

#include <string>

namespace hilfsnetz::text {

AnalysedText AnalyseDocumentText(std::string_view text, std::string_view language) {
  AnalysedText out;
  if (text.empty()) return out;
  const std::string lang = Analyzer::DocumentLanguage(language);
  out.tokens = Analyzer::Default().Analyze(text, lang, Mode::kDocument);
  out.concepts = ConceptLexicon::Default().MatchText(out.tokens, lang);
  return out;
}

}  // namespace hilfsnetz::text
