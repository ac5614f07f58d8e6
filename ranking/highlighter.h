// Highlighter: marks the words of a record's text that the query matched, as safe HTML.
//
// The text is analysed with the same Analyzer (in the record's language) so that words
// matched through stemming, folding, synonyms or compound parts are marked too:
// "Flüchtlingshilfe in der Turmstraße" for q="strasse fluechtling" ->
// "<mark>Flüchtlingshilfe</mark> in der <mark>Turmstraße</mark>". Everything outside the
// marks is HTML-escaped.
//
// Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace hilfsnetz::ranking {

struct MarkTerms {
  const std::set<std::string>* surfaces = nullptr;
  const std::set<std::string>* stems = nullptr;
  // Words starting with one of these (umlauts optional) are marked: the word being typed.
  const std::set<std::string>* prefixes = nullptr;
  // Index positions of the words that named a concept of the query (K terms, read from the
  // index), and the position base of the field being highlighted (core/index_layout.h): a
  // word at base + its position in the field is marked. Marks the German words an Arabic
  // query found ("Deutschkurs" for "دورة لغة ألمانية"), which share no letter with it.
  const std::set<uint32_t>* positions = nullptr;
  uint32_t base = 0;
};

// The whole text with matches marked.
std::string HighlightText(std::string_view text, std::string_view language, const MarkTerms& terms);

// A snippet of about `words` words around the first match (the start of the text when nothing
// matches), "…" where cut, matches marked. Segments only the first kSnippetPrefixBytes of a
// long text when the snippet lies inside them (segmenting whole descriptions was a fifth of
// a search request's CPU).
inline constexpr size_t kSnippetPrefixBytes = 1500;
std::string HighlightSnippet(std::string_view text, std::string_view language,
                             const MarkTerms& terms, int words);

namespace internal {
// HighlightSnippet, segmenting text[0, prefix_bytes) (cut back to whitespace) first: the
// result is the same for every prefix_bytes (tests compare them).
std::string HighlightSnippetWithPrefix(std::string_view text, std::string_view language,
                                       const MarkTerms& terms, int words, size_t prefix_bytes);
}  // namespace internal

// Escapes & < > " ' for HTML.
std::string HtmlEscape(std::string_view text);

}  // namespace hilfsnetz::ranking
