// Stemmer stage: a normalised word -> its Snowball stem for one language (Xapian::Stem).
//
// Language tags are BCP 47 primary tags ("de", "en", "ar", ...). German uses Xapian's
// "german2" (which reads ae/oe/ue as umlauts, ß as ss, and drops umlauts from stems).
// Xapian 1.4 has no stemmer for e.g. Ukrainian or Persian: Stem() then returns the word,
// except for Ukrainian, which gets the project's light stemmer (text/ukrainian_stem.h).
//
// One refinement of german2: it strips a final "s" after b d f g h k l m n r t, so "Kurs"
// gives "kur" while "Kurse" gives "kurs". For words ending in a noun whose "s" belongs to
// the stem (data/text/stem-keep-s-de.txt: kurs, zins, puls, krebs, ...; also as the last
// part of a compound, "Deutschkurs"), the "s" is kept: "kurs", "kurse", "kursen" -> "kurs".
//
// Thread-safe: Xapian::Stem is not, so each thread keeps its own instances (thread_local).
#pragma once

#include <string>
#include <string_view>

namespace hilfsnetz::text {

// The primary subtag of a BCP 47 tag, lower-cased: "de-DE" -> "de", "EN_us" -> "en".
std::string PrimaryTag(std::string_view language);

// The Xapian stemmer name for a primary tag ("de" -> "german2"), or "" when there is none.
std::string_view StemmerName(std::string_view language);

// The stem of the normalised `word` in `language`; `word` itself when there is no stemmer.
std::string Stem(std::string_view language, const std::string& word);

// The same stem, without the per-thread cache of recent words: for stemming many distinct
// words once (a lexicon), where the cache would only churn and evict the words a text repeats.
std::string StemUncached(std::string_view language, const std::string& word);

}  // namespace hilfsnetz::text
