// Normaliser stage: one word as written -> its normalised surface.
//
// NFKC, then full Unicode case folding, except that ß (and capital ẞ) stay ß: German
// surfaces keep ß and umlauts ("Straße" -> "straße", "FLÜCHTLINGE" -> "flüchtlinge"); the
// ß -> ss equivalence is left to the German stemmer, which reads ß as ss. The NFD input
// "Flu\u0308chtlinge" gives "flüchtlinge" (composed). A combining dot above left after "i"
// by folding Turkish "İ" is dropped ("İstanbul" -> "istanbul").
//
// Arabic-script and Cyrillic keyboard variants are folded (normalizer.cc, FoldScriptVariants):
// vowel marks and tatweel dropped, Persian ی/ک -> ي/ك, ZWNJ dropped, Arabic and
// Persian digits -> ASCII, ’ and ʼ -> '.
//
// Invalid UTF-8 sequences are dropped. Pure ASCII input takes a fast path (ASCII lower-case).
// Thread-safe; no allocation beyond the result for ASCII words.
#pragma once

#include <string>
#include <string_view>

namespace hilfsnetz::text {

std::string NormalizeWord(std::string_view word);

}  // namespace hilfsnetz::text
