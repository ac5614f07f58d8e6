// Query language detection for search-box queries of two or three words, where statistical
// detectors (CLD2) guess: the script narrows the candidates (Latin: de, en, tr; Arabic script:
// ar, fa; Cyrillic: uk, ru), then each word adds evidence for the languages it belongs to:
//   - letters only one candidate has, read from the text as typed (before the normaliser folds
//     Persian ی/ک to Arabic ي/ك): ä ß for German, ç ğ ı ş for Turkish, پ چ ژ گ ی ک for Persian,
//     ة ى for Arabic, і ї є ґ for Ukrainian, ы э ъ ё for Russian;
//   - stop words of the language (function words are the surest sign in short text);
//   - the concept lexicon: the word's stem in that language is a word of some entry;
//   - German: the word is in the German lexicon (OpenThesaurus) or splits as a compound.
// The query's language is the candidate with the most evidence (ties: none). Each word then
// gets its own candidate languages: the query's language when the word agrees or shows no
// evidence, else the languages it has evidence for — so the English "help" in the German query
// "deutschkurs help" is analysed as English, and "Kita" in an English query as German.
//
// Pure functions over the shipped tables; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace hilfsnetz::text {

struct QueryLanguage {
  std::string language;  // BCP 47 primary tag of the query, "" when undecided
  bool given = false;    // true when the caller named it (lang=)
  // Per token (same order as the tokens passed in): its candidate languages, best first;
  // empty for words of a script with no supported language (then analysed by surface).
  std::vector<std::vector<std::string>> word_languages;
};

// The languages a query may be in (the seven of the lexicon).
bool IsQueryLanguage(std::string_view tag);

// `tokens`: Analyzer::Segment(text), with offsets into `text`. `given`: a language the caller
// names ("" to detect); must satisfy IsQueryLanguage when not empty.
QueryLanguage DetectQueryLanguage(std::string_view text, const std::vector<Token>& tokens,
                                  std::string_view given);

}  // namespace hilfsnetz::text
