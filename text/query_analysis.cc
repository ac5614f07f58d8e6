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

// A concept a word names, with the number of words of the narrowest run that named it.
struct Named {
  ConceptId id;
  uint32_t width;
};

void AddNarrowest(std::vector<Named>& to, ConceptId c, uint32_t width) {
  for (Named& n : to) {
    if (n.id == c) {
      n.width = std::min(n.width, width);
      return;
    }
  }
  to.push_back({c, width});
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
  std::vector<std::vector<Named>> named(out.words.size());
  for (const std::string& language : languages) {
    const std::vector<Token> in = TokensIn(out.words, language);
    for (const ConceptMatch& m : lexicon.Match(in, language)) {
      for (uint32_t i = m.first; i < m.last; ++i) {
        // A stop word in any of its languages names nothing ("die" is not the English verb).
        if (!in[i].stopword && !out.words[i].token.stopword)
          AddNarrowest(named[i], m.id, m.last - m.first);
      }
    }
  }
  for (size_t i = 0; i < out.words.size(); ++i) {
    QueryWord& w = out.words[i];
    // A word names its most specific concepts first: "Elternbildung" names elternbildung, and
    // through the head of the compound its parent bildung, which would otherwise weigh as much
    // and pull in all of education. Broader concepts the word names go to `broader`. Only
    // when the specific concept was named by no more words than the broad one, though: in
    // "free furniture" (a furniture bank), "furniture" on its own still means furniture, as
    // the German word itself would match in a German query.
    for (const Named& c : named[i]) {
      const bool narrowed = std::any_of(named[i].begin(), named[i].end(), [&](const Named& o) {
        return o.id != c.id && o.width <= c.width && lexicon.IsA(o.id, c.id);
      });
      AddUnique(narrowed ? w.broader_concepts : w.concepts, c.id);
    }
    for (ConceptId c : w.concepts) {
      const int p = lexicon.Get(c).parent;
      if (p < 0 || lexicon.Get(static_cast<ConceptId>(p)).parent < 0) continue;
      const auto pc = static_cast<ConceptId>(p);
      if (std::find(w.concepts.begin(), w.concepts.end(), pc) == w.concepts.end() &&
          std::find(w.broader_concepts.begin(), w.broader_concepts.end(), pc) ==
              w.broader_concepts.end())
        AddUnique(w.related_concepts, pc);
    }
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
