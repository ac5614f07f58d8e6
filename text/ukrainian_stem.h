// A light stemmer for Ukrainian, which Xapian 1.4's Snowball set lacks: records and queries in
// Ukrainian would otherwise meet only in the exact inflected form ("допомога з домашнім
// завданням" never meeting "домашнє завдання").
//
// One step: the longest inflectional ending of a fixed list (noun, adjective and verb
// endings; the reflexive -ся/-сь first) is removed when at least kMinUkrainianStem letters
// remain. Derivation is left alone, as in light stemmers for Russian (Savoy 2006): "курсів",
// "курси", "курсами" -> "курс"; "німецької", "німецька" -> "німецьк"; "допомогу" -> "допомог".
// The fleeting vowel of -ок/-ець/-ень nouns is dropped (дитсадок / дитсадку -> дитсадк);
// other vowel alternation (і/о: кінь / коня) is not undone.
//
// Pure function over a normalised (lower-case) word; thread-safe.
#pragma once

#include <string>

namespace hilfsnetz::text {

inline constexpr size_t kMinUkrainianStem = 3;

std::string UkrainianStem(const std::string& word);

}  // namespace hilfsnetz::text
