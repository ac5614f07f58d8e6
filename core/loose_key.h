// LooseKey: a spelling-insensitive lookup key for names (districts, Ortsteile, enum values).
//
// Two spellings a person would call "the same name" get the same key:
//   LooseKey("Friedrichshain-Kreuzberg") == LooseKey("friedrichshain kreuzberg")
//   LooseKey("Neukölln") == LooseKey("Neukoelln") == LooseKey("NEUKOLLN") == "neukolln"
// Steps: NFKD + full case folding (ß -> ss), drop combining marks, map the digraphs ae/oe/ue to
// a/o/u (so the umlaut written as a digraph meets the stripped one), drop everything that is
// not a letter or digit. Use it only for lookups in closed lists; it is far too lossy for
// full-text terms (text/ has the analyser for that).
//
// Thread-safe. Invalid UTF-8 yields an empty key.
#pragma once

#include <string>
#include <string_view>

namespace hilfsnetz {

std::string LooseKey(std::string_view name);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace hilfsnetz
