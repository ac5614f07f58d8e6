// Dictionaries: German words for a word of English, Arabic, Turkish or Russian, from the
// general bilingual dictionaries of Debian's FreeDict packages (dict-freedict-*, installed by
// scripts/setup.sh, read from the installed files; licences in data/README.md). They reach
// what the concept lexicon (concept_lexicon.h) lacks: "sewing", "chess", "شطرنج".
//
//   en: eng-deu (English headword -> its German translations; read entry by entry)
//   ar: ara-eng and eng-ara (reversed) -> English -> eng-deu
//   tr: tur-deu, deu-tur (reversed), and eng-tur (reversed) -> English -> eng-deu
//   ru: deu-rus (reversed), and eng-rus (reversed) -> English -> eng-deu
//   uk, fa: Debian packages no dictionary for them (apertium-rus-ukr holds compiled
//           transducers only); the concept lexicon carries these languages alone.
// Source words are matched by their Snowball stem (Arabic, Turkish, Russian; English by the
// word and its singular), so "kursları" meets "kurs". Translations are ranked by how many
// routes give them, then by the order of the dictionary's senses, and cut to `limit`; the
// query planner keeps those that are words of the index and weights them below the words as
// typed and below concepts (ranking/query_builder.h).
//
// A dictionary file that is missing or malformed is left out and named in sources() with
// the problem (the server logs it at start-up); the others still serve.
//
// Thread-safety: immutable after loading, except a small translation cache behind a mutex;
// all methods are thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/dictd.h"

namespace hilfsnetz::text {

struct DictionarySource {
  std::string name;  // "freedict-eng-deu"
  bool loaded = false;
  size_t headwords = 0;
  std::string problem;  // why it is not loaded ("" when loaded)
};

class Dictionaries {
 public:
  // The dictionaries in $HN_DICT_DIR, else /usr/share/dictd; loaded on first use.
  static const Dictionaries& Default();
  static std::unique_ptr<Dictionaries> Load(const std::string& dir);
  ~Dictionaries();

  // German translations of `word` (normalised, as the analyser gives it) of `language`, best
  // first, at most `limit`; {} for German, for languages without a dictionary, and for words
  // none knows.
  std::vector<std::string> ToGerman(std::string_view language, const std::string& word,
                                    size_t limit) const;

  const std::vector<DictionarySource>& sources() const { return sources_; }
  const std::string& dir() const { return dir_; }

 private:
  Dictionaries() = default;
  using Index = std::unordered_map<std::string, std::vector<std::string>>;  // stem -> words
  void LoadForward(const std::string& name, std::string_view from, std::string_view to, Index& out);
  void LoadReversed(const std::string& name, std::string_view from, std::string_view to,
                    Index& out);
  std::vector<std::string> EnglishToGerman(const std::string& word, size_t limit) const;

  std::string dir_;
  std::vector<DictionarySource> sources_;
  std::unique_ptr<DictdFile> eng_deu_;
  std::unordered_map<std::string, std::vector<uint32_t>> eng_deu_heads_;  // normalised -> entries
  Index ar_en_, tr_de_, tr_en_, ru_de_, ru_en_;
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, std::vector<std::string>> en_cache_;
};

// The translations in the body of a dictd entry (the lines after its headword line) written
// in `script` ("latin", "cyrillic", "arabic"): sense numbers, <grammar>, [labels], (notes)
// and {cross references} dropped, split at ',' and ';', at most `max_words` words each, in
// order. Lines indented or starting with "see:", "Synonym", "Note:" are skipped. Exposed for
// tests.
std::vector<std::string> DictdTranslations(std::string_view body, std::string_view script,
                                           size_t max_words);

}  // namespace hilfsnetz::text
