#include "text/query_language.h"

#include <algorithm>
#include <array>
#include <map>

#include "text/concept_lexicon.h"
#include "text/script.h"

namespace hilfsnetz::text {
namespace {

// Evidence weights: a letter only one language has is near proof; a stop word or a lexicon
// word is strong; membership in the large German lexicon is weaker (it holds loanwords).
constexpr int kLetter = 3;
constexpr int kStopword = 2;
constexpr int kLexiconWord = 2;
constexpr int kGermanWord = 1;

struct LetterHint {
  std::string_view letter;  // UTF-8
  std::string_view language;
};

// Letters of one candidate only (as typed; the analyser folds some of them later).
constexpr std::array<LetterHint, 22> kLetters = {{
    {"ä", "de"}, {"ß", "de"}, {"Ä", "de"}, {"ç", "tr"}, {"ğ", "tr"}, {"ı", "tr"},
    {"ş", "tr"}, {"Ç", "tr"}, {"Ş", "tr"}, {"İ", "tr"}, {"پ", "fa"}, {"چ", "fa"},
    {"ژ", "fa"}, {"گ", "fa"}, {"ی", "fa"}, {"ک", "fa"}, {"ة", "ar"}, {"ى", "ar"},
    {"і", "uk"}, {"ї", "uk"}, {"є", "uk"}, {"ґ", "uk"},
}};
constexpr std::array<std::string_view, 4> kRussianLetters = {"ы", "э", "ъ", "ё"};

std::vector<std::string> ScriptCandidates(Script s) {
  switch (s) {
    case Script::kLatin:
      return {"de", "en", "tr"};
    case Script::kArabic:
      return {"ar", "fa"};
    case Script::kCyrillic:
      return {"uk", "ru"};
    case Script::kOther:
      return {};
  }
  return {};
}

// Evidence for each candidate language of one word.
std::map<std::string, int> WordEvidence(std::string_view typed, const Token& t,
                                        const std::vector<std::string>& candidates) {
  const Analyzer& analyzer = Analyzer::Default();
  const ConceptLexicon& lexicon = ConceptLexicon::Default();
  std::map<std::string, int> score;
  for (const std::string& lang : candidates) score[lang] = 0;
  auto add = [&score](std::string_view lang, int w) {
    auto it = score.find(std::string(lang));
    if (it != score.end()) it->second += w;
  };
  for (const LetterHint& h : kLetters) {
    if (typed.find(h.letter) != std::string_view::npos) add(h.language, kLetter);
  }
  for (std::string_view l : kRussianLetters) {
    if (typed.find(l) != std::string_view::npos) add("ru", kLetter);
  }
  for (const std::string& lang : candidates) {
    if (analyzer.IsStopword(lang, t.surface)) add(lang, kStopword);
    if (lexicon.HasWord(lang, t.surface)) add(lang, kLexiconWord);
  }
  if (score.count("de") && analyzer.IsGermanWord(t.surface)) add("de", kGermanWord);
  return score;
}

// The languages with the highest positive score, best first (ties in candidate order).
std::vector<std::string> Best(const std::map<std::string, int>& score,
                              const std::vector<std::string>& candidates) {
  int top = 0;
  for (const auto& [lang, s] : score) top = std::max(top, s);
  std::vector<std::string> out;
  if (top == 0) return out;
  for (const std::string& lang : candidates) {
    if (score.at(lang) == top) out.push_back(lang);
  }
  return out;
}

}  // namespace

bool IsQueryLanguage(std::string_view tag) {
  return std::find(std::begin(kLexiconLanguages), std::end(kLexiconLanguages), tag) !=
         std::end(kLexiconLanguages);
}

QueryLanguage DetectQueryLanguage(std::string_view text, const std::vector<Token>& tokens,
                                  std::string_view given) {
  QueryLanguage out;
  std::vector<std::vector<std::string>> candidates;
  std::vector<std::map<std::string, int>> evidence;
  std::map<std::string, int> total;
  for (const Token& t : tokens) {
    candidates.push_back(ScriptCandidates(WordScript(t.surface)));
    const std::string_view typed =
        t.end <= text.size() ? text.substr(t.begin, t.end - t.begin) : t.surface;
    evidence.push_back(WordEvidence(typed, t, candidates.back()));
    for (const auto& [lang, s] : evidence.back()) total[lang] += s;
  }
  if (!given.empty()) {
    out.language = std::string(given);
    out.given = true;
  } else {
    int top = 0;
    int second = 0;
    for (const auto& [lang, s] : total) {
      if (s > top) {
        second = top;
        top = s;
        out.language = lang;
      } else if (s > second) {
        second = s;
      }
    }
    if (top == 0) {
      out.language.clear();
    } else if (top == second) {
      // A tie ("bike repair": both words are entries of German and English concepts): CLD2,
      // unreliable on its own for two words, decides between the tied languages only.
      const std::string cld = GuessLanguage(text);
      const auto it = total.find(cld);
      out.language = it != total.end() && it->second == top ? cld : "";
    }
  }
  // Whether the query as a whole is clearly in its language: given, or ahead of every other
  // language by at least a letter's evidence. A word of such a query that the query's language
  // knows is read in that language only, not also in a neighbour that has a word of the same
  // stem (Ukrainian "питань", questions, and Russian "питание", food).
  bool decided = out.given;
  if (!decided && !out.language.empty()) {
    int others = 0;
    for (const auto& [lang, s] : total) {
      if (lang != out.language) others = std::max(others, s);
    }
    decided = total[out.language] - others >= kLetter;
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::vector<std::string>& cand = candidates[i];
    const auto& score = evidence[i];
    const bool in_script = std::find(cand.begin(), cand.end(), out.language) != cand.end();
    std::vector<std::string> best = Best(score, cand);
    std::vector<std::string> langs;
    if (in_script) {
      const int q = score.at(out.language);
      if (q > 0 || best.empty()) {
        langs.push_back(out.language);
        for (const std::string& l : best) {
          if (l != out.language && score.at(l) >= q && !(decided && q > 0)) langs.push_back(l);
        }
      } else {
        langs = best;  // the word shows evidence only for other languages
      }
    } else if (!best.empty()) {
      langs = best;
    } else {
      // No evidence either way: the script's candidates, but Turkish only on Turkish letters
      // (its stemmer would give German words stems that meet unrelated Turkish ones).
      for (const std::string& l : cand) {
        if (l != "tr") langs.push_back(l);
      }
    }
    out.word_languages.push_back(std::move(langs));
  }
  return out;
}

}  // namespace hilfsnetz::text
