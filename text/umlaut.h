// Umlaut alternates (query mode): surfaces a digraph spelling may stand for.
//
// People type "ae", "oe", "ue" for "ä", "ö", "ü" and "ss" for "ß" when their keyboard has
// none. For a normalised word containing such digraphs, returns the spellings with some of
// them restored, best first: all restored first, then fewer, left to right; at most 4, never
// the word itself. Examples:
//   "fluechtlinge" -> {"flüchtlinge"}
//   "strasse"      -> {"straße"}
//   "fuer"         -> {"für"}
//   "muessen"      -> {"müßen", "müssen", "mueßen"}
// Digraphs that are rarely umlauts are skipped: "ue" after "q" or a vowel ("quelle",
// "neue", "bauer") and "ae" after "a"; beyond 4 digraph sites only the first 4 are varied.
// The query planner ranks alternates below the exact form, so an alternate that is no real
// word merely matches nothing.
// Pure function, thread-safe.
#pragma once

#include <string>
#include <vector>

namespace hilfsnetz::text {

inline constexpr size_t kMaxUmlautAlternates = 4;

std::vector<std::string> UmlautAlternates(const std::string& word);

// Spellings of a word typed without umlauts, with one or two of its first kMaxRestoreSites
// a/o/u letters made ä/ö/ü, fewer changes first, left to right: "fluchtlinge" ->
// {"flüchtlinge", "fluchtlinge"…}. Most are no words; the query planner keeps those that
// are terms of the index. {} for words with an umlaut or ß already, or without a/o/u.
inline constexpr size_t kMaxRestoreSites = 6;
std::vector<std::string> UmlautRestorations(const std::string& word);

// "flüchtlinge" -> "fluchtlinge", "straße" -> "strasse": a keyboard without umlauts.
std::string StripUmlauts(const std::string& word);

}  // namespace hilfsnetz::text
