// Analyzer: the one text analysis used for indexing and for querying.
//
// A fixed chain of small stages (each in its own file under text/):
//   1. normalise  ICU NFKC + full case folding ("Flu\u0308chtlinge" -> "flüchtlinge", ß -> ss
//                 is NOT applied to the surface: surfaces keep ß/umlauts, see below)
//   2. segment    ICU word break iterator; words are the letter/number runs, with byte offsets
//                 into the caller's original text (for highlighting)
//   3. stopwords  flags (does not drop) the stop words of the text's language
//   4. stem       Snowball stemmer of the text's language (Xapian::Stem); German uses
//                 "german2", which also reads ae/oe/ue as umlauts; German stems drop umlauts,
//                 so "Flüchtlinge", "fluechtlinge", "FLUCHTLINGE" share the stem "fluchtling"
//   5. decompound German compounds split against a lexicon, with Fugen-s/-es/-n and a
//                 protected list (district, Ortsteil, organisation names):
//                 "Deutschkurse" -> parts {"deutsch", "kurs"}
//
// Umlaut/ß policy (exact form ranks above the ue/ss digraph above the stripped vowel):
// documents index the exact surface ("flüchtlinge") and the stem ("fluchtling"). A query
// word gets its exact surface, plus `alternates` (surfaces it may stand for, e.g.
// "fluechtlinge" -> "flüchtlinge", "strasse" -> "straße"), plus stems. The query planner
// weights exact > alternate > stem, which yields the policy.
//
// Query words of unknown language get the stems of every candidate language for their script
// (Latin: German + English + Turkish where it differs; Arabic script: Arabic; Cyrillic:
// Ukrainian (the project's light stemmer, text/ukrainian_stem.h) + Russian), deduplicated. Search
// queries go through text/query_analysis.h, which detects the languages of the words first and
// calls AnalyzeQueryWord; concepts and their words in seven languages are text/concept_lexicon.h.
//
// Thread-safety: an Analyzer is immutable after construction and safe to share between
// threads; per-thread ICU/Xapian state is kept internally (thread_local).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hilfsnetz::text {

// Bumped whenever a change alters the terms produced for some input. Stored in the index;
// an index built with another version is refused at open (rebuild it). 6: the concept
// lexicon's new concepts (koch_beruf, raum_fuer_gruppen) and changed entries are index terms.
// 7: Arabic "مساعدة الأطفال" (helping children) no longer names kindergeld.
// 8: an entry word (de, en, tr) whose stem is under four letters and cut from a longer word
// matches only as written (Turkish "perde" no longer names curtains for every "per");
// ausbildungsplatz is a kind of berufsausbildung (its records are tagged with Ausbildung, no longer
// with Arbeit); Arabic words beginning with "وال" (and + the article) are stemmed without the "و".
// 9: rooms for groups in Arabic (bare قاعة, غرف دراسية) and Turkish (bare "salon") and German
// "Raum für Treffen"; coworking is a kind of buero (its records are tagged with Büro too).
// 10: entries marked "!" match only as written (English "glasses" no longer names a glass
// door, "accessibility" no longer "meeting-room access"); a dance studio or a room to move in
// (bewegungsraum) is a room for groups.
// 11: a compound that is an entry of goods of its own names no other goods through its head
// ("Rollstühle" are no chairs, "Werkzeugkoffer" no bags); Duschhocker is a Hilfsmittel.
// 12: a concept for fire safety (brandschutz: Brandschutzberatung, evacuation drills).
inline constexpr int kAnalyzerVersion = 12;

// Longer words (normalised, in bytes) are dropped, at indexing and in queries alike: the
// longest German compounds in use have about 60 letters, and Xapian refuses terms over 245
// bytes (a prefix and a stem are added to a word). Since version 5.
inline constexpr size_t kMaxWordBytes = 120;

enum class Mode {
  kDocument,  // one stem per word (the record language's), no alternates
  kQuery,     // stems of all candidate languages, umlaut alternates
};

struct Token {
  std::string surface;                  // normalised word as written: "flüchtlinge", "straße"
  std::vector<std::string> alternates;  // query mode only, best first; never contains surface
  std::vector<std::string> stems;       // deduplicated; document mode: exactly one
  std::vector<std::string> parts;       // stems of compound parts ({} if not a compound)
  uint32_t position = 0;                // 1-based word position within the analysed text
  uint32_t begin = 0;                   // byte offsets of the word in the caller's text
  uint32_t end = 0;
  bool stopword = false;

  // Compact golden rendering, e.g. "deutschkurse[3] ~deutschkurs =deutsch+kurs" or with
  // alternates "fluechtlinge|flüchtlinge[1] ~fluchtling" and "(stop)" for stop words.
  std::string DebugString() const;
};

class Analyzer {
 public:
  // The analyser with the tables shipped in the binary (stop words, lexicon, protected
  // names). Built once on first use; thread-safe.
  static const Analyzer& Default();

  // Splits and analyses `text` written in `language` (BCP 47 primary tag such as "de", "en",
  // "ar"; "" or unknown tags are analysed as German in document mode and as
  // language-unknown in query mode). Invalid UTF-8 sequences are treated as separators
  // (callers validate input first; this never throws).
  std::vector<Token> Analyze(std::string_view text, std::string_view language, Mode mode) const;

  // The language a record in `language` is analysed as in document mode: its primary tag, or
  // "de" when the tag is empty or unknown.
  static std::string DocumentLanguage(std::string_view language);

  // Stages 1-2 only (normalise + segment): tokens with surface, position and offsets, no
  // stems, parts or stop-word flags. Several times cheaper than Analyze; the highlighter uses
  // it and analyses fully only the words that can match.
  std::vector<Token> Segment(std::string_view text) const;

  // Query analysis of one word (a token of Segment) for the languages it may be written in
  // (text/query_analysis decides them): the stems of each language, deduplicated in order
  // (the surface for languages without a stemmer); the stop-word flag when it is a stop word
  // in any of them (German ones also when typed with digraphs: "fuer"); umlaut alternates and
  // compound parts when "de" is among them. Empty `languages`: the candidate languages of the
  // word's script, as Analyze in query mode with language "".
  void AnalyzeQueryWord(Token& t, const std::vector<std::string>& languages) const;

  // The stems a query word gets in `language`: its stem, and for an Arabic word typed with a
  // bare alef where the hamza belongs ("المانية") also the stems with أ and إ restored, since
  // the stemmer reads a bare "ال" as the article; for a Ukrainian word whose ending may be a
  // verb's infinitive or past, also its verb readings (UkrainianVerbReadings: "записати" ->
  // "записат", "записа", "запис").
  std::vector<std::string> QueryStems(std::string_view language, const std::string& word) const;

  // True when `word` (normalised) is a stop word of `language` (digraph spellings included).
  bool IsStopword(std::string_view language, const std::string& word) const;
  // True when `word` (normalised) is in the German lexicon, with or without its umlauts, or is
  // a German compound of its words.
  bool IsGermanWord(const std::string& word) const;

  // Renders a whole analysis for golden tests: tokens' DebugString joined by " ".
  static std::string DebugString(const std::vector<Token>& tokens);

  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

 private:
  struct Impl;
  Analyzer();
  std::unique_ptr<Impl> impl_;
};

// A cut of `text` at or before `max_bytes` whose prefix text[0, cut) analyses (Analyze in
// either mode, Segment) to exactly the first tokens of the whole text: text.size() when
// max_bytes reaches the end, else the last ASCII whitespace byte at or before max_bytes (0
// when there is none). No token spans ASCII whitespace, and analysis is word by word, so
// callers that need only the first words or the first match can analyse a prefix.
size_t PrefixCut(std::string_view text, size_t max_bytes);

// The language of `text` as a BCP 47 primary tag ("de", "en", "ar", "uk", "tr", "fa", …),
// detected with CLD2; "" when unreliable (too short or mixed). Thread-safe.
std::string DetectLanguage(std::string_view text);
// CLD2's best guess even when it is not reliable (a tie-breaker for short queries); "" when
// it has none.
std::string GuessLanguage(std::string_view text);

// True when Xapian 1.4 has a Snowball stemmer for this language tag.
bool HasStemmer(std::string_view language);

}  // namespace hilfsnetz::text
