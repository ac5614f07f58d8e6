#include "text/stemmer.h"

#include <xapian.h>

#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "text/analyzer.h"
#include "text/embedded_data.h"
#include "text/stopwords.h"
#include "text/ukrainian_stem.h"

namespace hilfsnetz::text {
namespace {

struct StemmerEntry {
  std::string_view tag;
  std::string_view xapian_name;
};

// Every Snowball stemmer of Xapian 1.4, by language tag.
constexpr std::array<StemmerEntry, 26> kStemmers = {{
    {"ar", "arabic"},     {"ca", "catalan"},  {"da", "danish"},     {"de", "german2"},
    {"en", "english"},    {"es", "spanish"},  {"eu", "basque"},     {"fi", "finnish"},
    {"fr", "french"},     {"ga", "irish"},    {"hu", "hungarian"},  {"hy", "armenian"},
    {"id", "indonesian"}, {"it", "italian"},  {"lt", "lithuanian"}, {"nb", "norwegian"},
    {"ne", "nepali"},     {"nl", "dutch"},    {"nn", "norwegian"},  {"no", "norwegian"},
    {"pt", "portuguese"}, {"ro", "romanian"}, {"ru", "russian"},    {"sv", "swedish"},
    {"ta", "tamil"},      {"tr", "turkish"},
}};

int StemmerIndex(std::string_view tag) {
  for (size_t i = 0; i < kStemmers.size(); ++i) {
    if (kStemmers[i].tag == tag) return static_cast<int>(i);
  }
  return -1;
}

const std::unordered_set<std::string>& KeepSNouns() {
  static const std::unordered_set<std::string> nouns = [] {
    std::unordered_set<std::string> set;
    ForEachTableLine(data::stem_keep_s_de, [&set](std::string_view w) { set.emplace(w); });
    return set;
  }();
  return nouns;
}

// True when `word` is, or ends in, a noun of stem-keep-s-de.txt (suffixes start at a
// UTF-8 character boundary).
bool EndsInKeepSNoun(const std::string& word) {
  constexpr size_t kMinNounBytes = 4;
  const auto& nouns = KeepSNouns();
  std::string suffix;
  for (size_t i = 0; i + kMinNounBytes <= word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) continue;
    suffix.assign(word, i, std::string::npos);
    if (nouns.count(suffix) > 0) return true;
  }
  return false;
}

// Folds the Latin-1 accented letters (U+00C0..U+00FF, lower case after normalisation) to
// their base letter, so "café" and "cafe" share a stem in German and English text. Other
// scripts and letters are left alone (Turkish keeps ç/ş/ğ for its own stemmer).
std::string FoldLatinAccents(std::string stem) {
  static constexpr char kBase[32 + 1] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
  if (stem.find('\xC3') == std::string::npos) return stem;
  std::string out;
  out.reserve(stem.size());
  for (size_t i = 0; i < stem.size(); ++i) {
    const auto c = static_cast<unsigned char>(stem[i]);
    const auto n = i + 1 < stem.size() ? static_cast<unsigned char>(stem[i + 1]) : 0;
    if (c == 0xC3 && n >= 0xA0 && n <= 0xBF && n != 0xB7 && n != 0x9F) {
      out.push_back(kBase[n - 0xA0]);
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// The stem of `word` by stemmer kStemmers[i], with the keep-s nouns and folded accents.
std::string SnowballStem(size_t i, const std::string& word) {
  thread_local std::array<std::optional<Xapian::Stem>, kStemmers.size()> stemmers;
  auto& stemmer = stemmers[i];
  try {
    if (!stemmer) stemmer.emplace(std::string(kStemmers[i].xapian_name));
    std::string stem = (*stemmer)(word);
    if (kStemmers[i].tag == "de" && word.back() == 's' && !stem.empty() && stem.back() != 's' &&
        EndsInKeepSNoun(word)) {
      stem.push_back('s');
    }
    const std::string_view stem_tag = kStemmers[i].tag;
    if (stem_tag == "de" || stem_tag == "en") return FoldLatinAccents(std::move(stem));
    return stem;
  } catch (const Xapian::Error&) {
    // Only possible if the installed Xapian lacks a stemmer listed above: fall back to the
    // surface, which is what languages without a stemmer get anyway.
    return word;
  }
}

// Stemming was a seventh of a written record's CPU (perf of bench/prepare_cost), and a
// corpus's words repeat: each thread keeps the stems it made, per stemmer, up to this many
// words (then starts afresh), as the decompounder keeps its splits: at most 3.4 MB a thread
// and language (measured with 25-byte words; shorter ones fit in the string itself), so the
// server's 16 workers with German and English full keep ~110 MB at worst. The stem is the same.
constexpr size_t kStemCacheLimit = 1 << 14;

std::string CachedStem(size_t i, const std::string& word) {
  thread_local std::array<std::unordered_map<std::string, std::string>, kStemmers.size()> caches;
  std::unordered_map<std::string, std::string>& cache = caches[i];
  if (const auto it = cache.find(word); it != cache.end()) return it->second;
  if (cache.size() >= kStemCacheLimit) cache.clear();
  std::string stem = SnowballStem(i, word);
  cache.emplace(word, stem);
  return stem;
}

std::string StemWith(std::string_view language, const std::string& word, bool cached) {
  const std::string tag = PrimaryTag(language);
  if (tag == "uk") return UkrainianStem(word);
  const int i = StemmerIndex(tag);
  if (i < 0 || word.empty()) return word;
  // Arabic writes "and" as a prefix: "والتمريض" is "and nursing". Snowball's Arabic stemmer
  // strips the article, not the conjunction before it, so the word kept both and met
  // nothing. Before the article ("وال" and three letters or more) the prefix is dropped —
  // except in "والد…" (parent: والد, والدة, والدين), which begins with the letters itself; a
  // bare "و" may begin a word ("وظيفة", job) and stays.
  if (tag == "ar" && word.size() >= 12 && word.compare(0, 6, "\xD9\x88\xD8\xA7\xD9\x84") == 0 &&
      word.compare(6, 2, "\xD8\xAF") != 0)
    return StemWith(language, word.substr(2), cached);
  const auto stemmer = static_cast<size_t>(i);
  return cached ? CachedStem(stemmer, word) : SnowballStem(stemmer, word);
}

}  // namespace

std::string PrimaryTag(std::string_view language) {
  std::string tag;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    tag.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return tag;
}

std::string_view StemmerName(std::string_view language) {
  const int i = StemmerIndex(PrimaryTag(language));
  return i < 0 ? std::string_view() : kStemmers[static_cast<size_t>(i)].xapian_name;
}

bool HasStemmer(std::string_view language) { return !StemmerName(language).empty(); }

std::string Stem(std::string_view language, const std::string& word) {
  return StemWith(language, word, /*cached=*/true);
}

std::string StemUncached(std::string_view language, const std::string& word) {
  return StemWith(language, word, /*cached=*/false);
}

}  // namespace hilfsnetz::text
