#include "text/query_analysis.h"

#include <algorithm>

#include "text/dictionary.h"
#include "text/query_language.h"
#include "text/stemmer.h"

namespace hilfsnetz::text {
namespace {

bool EndsInSpace(std::string_view text) {
  if (text.empty()) return false;
  const char c = text.back();
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void AddUnique(std::vector<ConceptId>& to, ConceptId c) {
  if (std::find(to.begin(), to.end(), c) == to.end()) to.push_back(c);
}

// The words as text of one language for ConceptLexicon::Match: a word not in `language` gets
// no stem, so no entry matches across it.
std::vector<Token> TokensIn(const std::vector<QueryWord>& words, const std::string& language) {
  const Analyzer& analyzer = Analyzer::Default();
  std::vector<Token> out;
  out.reserve(words.size());
  for (const QueryWord& w : words) {
    Token t;
    t.surface = w.token.surface;
    const bool in =
        std::find(w.languages.begin(), w.languages.end(), language) != w.languages.end();
    if (in && !w.prefix) {
      t.stems = analyzer.QueryStems(language, t.surface);
      t.stopword = analyzer.IsStopword(language, t.surface);
      if (language == "de") t.parts = w.token.parts;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

QueryAnalysis AnalyzeQuery(std::string_view text, const QueryOptions& options) {
  const Analyzer& analyzer = Analyzer::Default();
  const ConceptLexicon& lexicon = ConceptLexicon::Default();
  QueryAnalysis out;
  std::vector<Token> tokens = analyzer.Segment(text);
  const QueryLanguage detected =
      DetectQueryLanguage(text, tokens, IsQueryLanguage(options.language) ? options.language : "");
  out.language = detected.language;
  out.language_given = detected.given;
  for (size_t i = 0; i < tokens.size(); ++i) {
    QueryWord w;
    w.token = std::move(tokens[i]);
    w.languages = detected.word_languages[i];
    analyzer.AnalyzeQueryWord(w.token, w.languages);
    out.words.push_back(std::move(w));
  }
  if (options.prefix_last && !out.words.empty() && !EndsInSpace(text)) {
    QueryWord& last = out.words.back();
    last.prefix = true;
    last.token.stopword = false;  // "fü" may become "führung"
  }

  std::vector<std::string> languages;
  for (const QueryWord& w : out.words) {
    for (const std::string& l : w.languages) {
      if (std::find(languages.begin(), languages.end(), l) == languages.end())
        languages.push_back(l);
    }
  }
  for (const std::string& language : languages) {
    const std::vector<Token> in = TokensIn(out.words, language);
    for (const ConceptMatch& m : lexicon.Match(in, language)) {
      for (uint32_t i = m.first; i < m.last; ++i) {
        // A stop word in any of its languages names nothing ("die" is not the English verb).
        if (!in[i].stopword && !out.words[i].token.stopword) AddUnique(out.words[i].concepts, m.id);
      }
    }
  }
  for (QueryWord& w : out.words) {
    // A word names its most specific concepts first: "Elternbildung" names elternbildung, and
    // through the head of the compound its parent bildung, which would otherwise weigh as much
    // and pull in all of education. Broader concepts the word names go to `broader`.
    std::vector<ConceptId> specific, broader;
    for (ConceptId c : w.concepts) {
      const bool ancestor_of_another =
          std::any_of(w.concepts.begin(), w.concepts.end(),
                      [&](ConceptId o) { return o != c && lexicon.IsA(o, c); });
      (ancestor_of_another ? broader : specific).push_back(c);
    }
    w.concepts = std::move(specific);
    w.broader_concepts = std::move(broader);
    if (w.token.stopword) continue;
    for (ConceptId c : w.concepts) AddUnique(out.concepts, c);
    const bool foreign = !w.languages.empty() && std::find(w.languages.begin(), w.languages.end(),
                                                           "de") == w.languages.end();
    if (options.translate && foreign && w.concepts.empty() && !w.prefix) {
      w.translations =
          Dictionaries::Default().ToGerman(w.languages.front(), w.token.surface, kMaxTranslations);
    }
  }
  return out;
}

}  // namespace hilfsnetz::text
