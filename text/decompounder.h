// Decompounder stage: a normalised German word -> the stems of its compound parts.
//
//   Split("deutschkurse")     -> {"deutsch", "kurs"}
//   Split("flüchtlingshilfe") -> {"fluchtling", "hilf"}     (Fugen-s)
//   Split("sprachcafé")       -> {"sprach", "cafe"}          (head "sprach" = "sprache" - e)
//   Split("friedrichshain")   -> {}                          (protected name)
//   Split("kinder")           -> {}                          (shorter than 8 letters)
//
// A word of at least 8 letters is covered by parts of at least 3 letters each. Every part
// but the last is a lexicon word, or a lexicon word without its final "e"; between parts a
// linking element (Fugenelement) "s", "es", "n", "en" or "er" may stand. The last part may be
// inflected: it matches when it or its german2 stem is (the stem of) a lexicon word. Among
// all covers the one with the fewest parts wins (ties: the longest first part), so
// "hausaufgabenhilfe" -> {"hausaufgab", "hilf"}, not {"haus", "aufgab", "hilf"}. A word
// that is only covered by itself is not a compound. Protected words (districts, Ortsteile,
// organisation names; matched as written or by stem) are never split but may be parts.
// Parts are returned as german2 stems, deduplicated in order. The lexicon also holds each word
// with its umlauts stripped and ß as ss, so a compound typed without umlauts splits like the
// written one ("offentlichkeitsarbeit" -> {"offentlich", "arbeit"}).
//
// Cost: O(n) stemmer calls and up to O(n^2) lexicon probes for a word of n letters, a head
// being looked up only when the rest after it is covered (words longer than 64 letters are
// not split); results are memoised per thread.
// Thread-safety: immutable after construction; Split() is thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/string_table.h"

namespace hilfsnetz::text {

class Decompounder {
 public:
  // `lexicon` and `protected_words`: one lower-case word per line, '#' comments.
  Decompounder(std::string_view lexicon, std::string_view protected_words);

  std::vector<std::string> Split(const std::string& word) const;

  // True when `word` (normalised) must not be split.
  bool IsProtected(const std::string& word) const;
  // True when `word` (normalised) is a lexicon word or protected name, or such a word with its
  // umlauts stripped ("offentlichkeit").
  bool IsLexiconWord(const std::string& word) const { return words_.Contains(word); }

 private:
  std::vector<std::string> SplitUncached(const std::string& word) const;
  std::vector<std::string> SplitStreetName(const std::string& word) const;
  // True when `head` is a lexicon word, or one without its final "e"; `scratch` is reused.
  bool HeadMatches(std::string_view head, std::string& scratch) const;
  // The lexicon word a matching head stands for: "sprach" -> "sprache".
  std::string LexiconForm(std::string_view head) const;
  bool TailMatches(std::string_view tail) const;

  // Probed O(n^2) times for a word of n letters, hence StringTable (core/string_table.h).
  StringTable words_;            // lexicon words and protected names
  StringTable stems_;            // german2 stems of words_
  StringTable protected_;        // as written
  StringTable protected_stems_;  // german2 stems of protected_
};

}  // namespace hilfsnetz::text
