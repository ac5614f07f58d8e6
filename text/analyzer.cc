#include "text/analyzer.h"

#include <algorithm>
#include <array>

#include "text/decompounder.h"
#include "text/embedded_data.h"
#include "text/normalizer.h"
#include "text/script.h"
#include "text/segmenter.h"
#include "text/stemmer.h"
#include "text/stopwords.h"
#include "text/ukrainian_stem.h"
#include "text/umlaut.h"

namespace hilfsnetz::text {
namespace {

// Languages we recognise although Xapian 1.4 has no stemmer for them: their words are
// indexed by surface. Any other tag without a stemmer counts as unknown (see analyzer.h).
constexpr std::array<std::string_view, 34> kKnownWithoutStemmer = {
    "am", "az", "be", "bg", "bn", "bs", "ckb", "cs", "el",  "fa", "he", "hi",
    "hr", "ja", "ka", "kk", "ko", "ku", "mk",  "pl", "prs", "ps", "sk", "sl",
    "so", "sq", "sr", "sw", "th", "ti", "uk",  "ur", "vi",  "zh"};

bool IsKnownLanguage(const std::string& tag) {
  return HasStemmer(tag) || std::find(kKnownWithoutStemmer.begin(), kKnownWithoutStemmer.end(),
                                      tag) != kKnownWithoutStemmer.end();
}

// Letters for which a Latin query word also gets a Turkish stem. ö/ü are shared with German:
// German words containing them get a (harmless, usually unmatched) Turkish stem too.
bool HasTurkishLetters(const std::string& w) {
  for (std::string_view letter : {"ç", "ğ", "ı", "ş", "ö", "ü"}) {
    if (w.find(letter) != std::string::npos) return true;
  }
  return false;
}

void AddUnique(std::vector<std::string>& to, std::string s) {
  if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(std::move(s));
}

// The words of `text` as tokens with surface, position and offsets only (Analyzer::Segment,
// and the first step of Analyze).
std::vector<Token> SegmentTokens(std::string_view text) {
  std::vector<Token> tokens;
  for (const WordSpan& span : SegmentWords(text)) {
    Token t;
    t.surface = NormalizeWord(text.substr(span.begin, span.end - span.begin));
    // Empty, or no word anyone types (a run of letters from a bad paste or an attack): one
    // of more than kMaxWordBytes would also break Xapian's term limit (245 bytes).
    if (t.surface.empty() || t.surface.size() > kMaxWordBytes) continue;
    t.position = static_cast<uint32_t>(tokens.size() + 1);
    t.begin = span.begin;
    t.end = span.end;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace

struct Analyzer::Impl {
  Impl() : decompounder(data::lexicon_de, data::protected_de) {
    stopwords.Add("de", data::stopwords_de);
    stopwords.Add("en", data::stopwords_en);
    stopwords.Add("ar", data::stopwords_ar);
    stopwords.Add("tr", data::stopwords_tr);
    stopwords.Add("uk", data::stopwords_uk);
    stopwords.Add("fa", data::stopwords_fa);
    stopwords.Add("ru", data::stopwords_ru);
  }

  // Fills stems and the stop-word flag of a word of known language `lang`.
  void KnownLanguage(const std::string& lang, Token& t) const {
    t.stems.push_back(Stem(lang, t.surface));
    t.stopword = IsStop(lang, t.surface);
  }

  // A stop word of `lang`; German ones also when typed with digraphs ("fuer", "ueber").
  bool IsStop(const std::string& lang, const std::string& word) const {
    if (stopwords.Contains(lang, word)) return true;
    if (lang != "de") return false;
    for (const std::string& a : UmlautAlternates(word)) {
      if (stopwords.Contains(lang, a)) return true;
    }
    return false;
  }

  // German compound parts of a word, also when typed with digraphs ("oeffentlichkeitsarbeit")
  // or without umlauts (the decompounder's lexicon holds the folded forms too).
  std::vector<std::string> Parts(const Token& t) const {
    std::vector<std::string> parts = decompounder.Split(t.surface);
    for (size_t i = 0; parts.empty() && i < t.alternates.size(); ++i)
      parts = decompounder.Split(t.alternates[i]);
    if (parts.empty() && t.alternates.empty()) {
      for (const std::string& a : UmlautAlternates(t.surface)) {
        parts = decompounder.Split(a);
        if (!parts.empty()) break;
      }
    }
    return parts;
  }

  std::vector<std::string> QueryStems(const std::string& lang, const std::string& word) const {
    std::vector<std::string> out = {Stem(lang, word)};
    static const std::string kBareAlef = "\xD8\xA7";  // U+0627
    if (lang == "ar" && word.rfind(kBareAlef, 0) == 0) {
      for (const char* hamza : {"\xD8\xA3", "\xD8\xA5"}) {  // U+0623, U+0625
        AddUnique(out, Stem(lang, hamza + word.substr(kBareAlef.size())));
      }
    }
    if (lang == "uk") {
      for (std::string& r : UkrainianVerbReadings(word)) AddUnique(out, std::move(r));
    }
    return out;
  }

  // Query analysis of one word for the given candidate languages (see analyzer.h).
  void QueryWord(Token& t, const std::vector<std::string>& languages) const {
    const Script script = WordScript(t.surface);
    t.stems.clear();
    t.alternates.clear();
    t.parts.clear();
    t.stopword = false;
    if (languages.empty()) {
      UnknownLanguage(script, t);
    } else {
      for (const std::string& lang : languages) {
        for (std::string& s : QueryStems(lang, t.surface)) AddUnique(t.stems, std::move(s));
        t.stopword = t.stopword || IsStop(lang, t.surface);
      }
    }
    const bool german = script == Script::kLatin &&
                        (languages.empty() ||
                         std::find(languages.begin(), languages.end(), "de") != languages.end());
    if (german) {
      t.alternates = UmlautAlternates(t.surface);
      t.parts = Parts(t);
    }
  }

  // Query mode, language unknown: the candidate languages of the word's script.
  void UnknownLanguage(Script script, Token& t) const {
    std::vector<std::string> langs;
    std::vector<std::string> stop_langs;
    switch (script) {
      case Script::kLatin:
        langs = {"de", "en"};
        if (HasTurkishLetters(t.surface)) langs.push_back("tr");
        stop_langs = langs;
        break;
      case Script::kArabic:
        langs = {"ar"};
        stop_langs = {"ar", "fa"};
        break;
      case Script::kCyrillic:
        langs = {"uk", "ru"};
        stop_langs = langs;
        break;
      case Script::kOther:
        break;
    }
    for (const std::string& lang : langs) {
      for (std::string& s : QueryStems(lang, t.surface)) AddUnique(t.stems, std::move(s));
    }
    if (t.stems.empty()) t.stems.push_back(t.surface);
    for (const std::string& lang : stop_langs) {
      t.stopword = t.stopword || IsStop(lang, t.surface);
    }
  }

  std::vector<Token> Analyze(std::string_view text, std::string_view language, Mode mode) const {
    std::string lang = PrimaryTag(language);
    if (!IsKnownLanguage(lang)) lang = mode == Mode::kDocument ? "de" : "";
    std::vector<Token> tokens = SegmentTokens(text);
    for (Token& t : tokens) {
      const Script script = WordScript(t.surface);
      if (lang.empty()) {
        UnknownLanguage(script, t);
      } else {
        KnownLanguage(lang, t);
      }
      const bool german = script == Script::kLatin && (lang == "de" || lang.empty());
      if (german && mode == Mode::kQuery) t.alternates = UmlautAlternates(t.surface);
      if (german) t.parts = Parts(t);
    }
    return tokens;
  }

  StopwordSet stopwords;
  Decompounder decompounder;
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}

Analyzer::~Analyzer() = default;

std::string Analyzer::DocumentLanguage(std::string_view language) {
  std::string lang = PrimaryTag(language);
  return IsKnownLanguage(lang) ? lang : "de";
}

std::vector<Token> Analyzer::Segment(std::string_view text) const { return SegmentTokens(text); }

const Analyzer& Analyzer::Default() {
  static const Analyzer analyzer;
  return analyzer;
}

std::vector<Token> Analyzer::Analyze(std::string_view text, std::string_view language,
                                     Mode mode) const {
  return impl_->Analyze(text, language, mode);
}

void Analyzer::AnalyzeQueryWord(Token& t, const std::vector<std::string>& languages) const {
  impl_->QueryWord(t, languages);
}

std::vector<std::string> Analyzer::QueryStems(std::string_view language,
                                              const std::string& word) const {
  return impl_->QueryStems(PrimaryTag(language), word);
}

bool Analyzer::IsStopword(std::string_view language, const std::string& word) const {
  return impl_->IsStop(PrimaryTag(language), word);
}

bool Analyzer::IsGermanWord(const std::string& word) const {
  return impl_->decompounder.IsLexiconWord(word) || impl_->decompounder.Split(word).size() > 1;
}

size_t PrefixCut(std::string_view text, size_t max_bytes) {
  if (max_bytes >= text.size()) return text.size();
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  size_t cut = max_bytes;
  while (cut > 0 && !space(text[cut])) --cut;
  return cut;
}

}  // namespace hilfsnetz::text
