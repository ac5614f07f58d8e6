// A light stemmer for Ukrainian, which Xapian 1.4's Snowball set lacks: records and queries in
// Ukrainian would otherwise meet only in the exact inflected form ("допомога з домашнім
// завданням" never meeting "домашнє завдання").
//
// One step: the longest inflectional ending of a fixed list (noun, adjective and verb
// endings; the reflexive -ся/-сь first) is removed when at least kMinUkrainianStem letters
// remain. The infinitive -ти and the past -ла/-ло/-ли are not in the list: they are also the
// endings of nouns (документи, роботи, школа), which matter more to a search; a query gets
// the verb readings of such a word from UkrainianVerbReadings. Derivation is left alone, as in
// light stemmers for Russian (Savoy 2006): "курсів", "курси", "курсами" -> "курс"; "німецької",
// "німецька" -> "німецьк"; "допомогу" -> "допомог". The fleeting vowel of -ок/-ець/-ень nouns is
// dropped (дитсадок / дитсадку -> дитсадк); other vowel alternation (і/о: кінь / коня) is not
// undone.
//
// Pure function over a normalised (lower-case) word; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace hilfsnetz::text {

inline constexpr size_t kMinUkrainianStem = 3;

std::string UkrainianStem(const std::string& word);

// The other stems a word has when its ending is read as a verb's infinitive or past: without
// -ти/-ла/-ло/-ли, and without the theme vowel before it too ("записати" -> "записа", "запис";
// "допомогти" -> "допомог"). Only those of at least kMinUkrainianStem letters that differ from
// UkrainianStem(word). Used for queries (Analyzer::QueryStems), so that a verb meets its noun
// and its other forms.
std::vector<std::string> UkrainianVerbReadings(const std::string& word);

}  // namespace hilfsnetz::text
