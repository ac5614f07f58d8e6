// Segmenter stage: text -> word spans, as byte offsets into the caller's original text.
//
// Uses the ICU word break iterator (UAX #29, root locale) directly over the UTF-8 bytes, so
// offsets always refer to the input as given (NFD input included) and can be used for
// highlighting. A span is kept when ICU classes it as a word of letters, digits, kana or
// ideographs; spaces, punctuation and emoji are dropped. Hyphens separate words
// ("Karl-Marx-Straße" -> "Karl", "Marx", "Straße"); so do the German gender colon and middle
// dot ("Lehrer:innen" -> "Lehrer", "innen"), which UAX #29 would otherwise keep inside a
// word. Abbreviations with inner dots stay one word ("z.B.").
//
// Invalid UTF-8 bytes act as separators. Texts longer than 2^31 - 1 bytes are cut there.
// Thread-safe: each thread clones its own break iterator once.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace hilfsnetz::text {

struct WordSpan {
  uint32_t begin = 0;  // byte offset of the first byte of the word
  uint32_t end = 0;    // byte offset one past the last byte
};

std::vector<WordSpan> SegmentWords(std::string_view text);

}  // namespace hilfsnetz::text
