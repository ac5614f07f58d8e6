#include "text/decompounder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/stopwords.h"
#include "text/umlaut.h"

namespace hilfsnetz::text {
namespace {

constexpr size_t kMinWordLetters = 8;
constexpr size_t kMinPartLetters = 3;
constexpr size_t kMaxWordLetters = 64;
constexpr size_t kCacheLimit = 1 << 14;
constexpr std::array<std::string_view, 6> kFugen = {"", "s", "es", "n", "en", "er"};

// Derivational suffixes and inflection endings: never a part on their own, whatever the
// lexicon says ("anwend+ung", "gesund+heit", "recycl+ing", "bürger+innen").
constexpr std::array<std::string_view, 22> kSuffixes = {
    "ung", "ungen", "heit",   "keit",  "ing", "isch", "ische", "scher", "lich", "liche", "ling",
    "nis", "tum",   "schaft", "ismus", "ist", "end",  "ende",  "innen", "inn",  "ant",   "ell"};

// Heads ending like this take the Fugen-s ("Beratungsstelle", "Flüchtlingshilfe",
// "Integrationskurs"), so "ordnungsamt" is "ordnung+s+amt", not "ordnung+samt".
constexpr std::array<std::string_view, 9> kSHeads = {"ung", "heit", "keit", "schaft", "ion",
                                                     "tät", "ling", "tum",  "ität"};

bool IsSuffix(const std::string& s) {
  return std::find(kSuffixes.begin(), kSuffixes.end(), s) != kSuffixes.end();
}

bool TakesFugenS(const std::string& head) {
  for (std::string_view end : kSHeads) {
    if (head.size() >= end.size() && head.compare(head.size() - end.size(), end.size(), end) == 0) {
      return true;
    }
  }
  return false;
}

// Byte offsets of the code points of `word` plus word.size(); empty unless all are letters.
std::vector<size_t> LetterBounds(const std::string& word) {
  std::vector<size_t> bounds;
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  const auto n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    bounds.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !u_isalpha(c)) return {};
  }
  bounds.push_back(word.size());
  return bounds;
}

struct Cover {
  int parts = 0;        // 0: no cover
  size_t head_end = 0;  // letter index where the first part ends
  size_t next = 0;      // letter index where the rest starts (after the Fuge)
};

}  // namespace

Decompounder::Decompounder(std::string_view lexicon, std::string_view protected_words) {
  // The lexicon is generated lower-case NFC (derive_lexicon.py); only hand lists are normalised.
  const auto lines = static_cast<size_t>(std::count(lexicon.begin(), lexicon.end(), '\n'));
  words_.reserve(lines + 256);
  stems_.reserve(lines + 256);
  ForEachTableLine(lexicon, [this](std::string_view w) { words_.emplace(w); });
  ForEachTableLine(protected_words, [this](std::string_view w) {
    std::string word = NormalizeWord(w);
    protected_stems_.insert(Stem("de", word));
    words_.insert(word);
    protected_.insert(std::move(word));
  });
  std::vector<std::string> folded;
  for (const std::string& w : words_) {
    std::string f = StripUmlauts(w);
    if (f != w) folded.push_back(std::move(f));
  }
  words_.insert(folded.begin(), folded.end());
  for (const std::string& w : words_) stems_.insert(Stem("de", w));
}

bool Decompounder::IsProtected(const std::string& word) const {
  return protected_.count(word) > 0 || protected_stems_.count(Stem("de", word)) > 0;
}

// Parts of kMinPartLetters letters must be lexicon words as they stand (the lexicon keeps
// only a few common 3-letter nouns); longer parts may drop an "e" (heads) or be inflected
// (the last part).
bool Decompounder::HeadMatches(const std::string& head, std::string* lexicon_word) const {
  if (IsSuffix(head)) return false;
  if (words_.count(head) > 0) {
    *lexicon_word = head;
    return true;
  }
  std::string with_e = head + "e";
  if (head.size() > kMinPartLetters && words_.count(with_e) > 0) {
    *lexicon_word = std::move(with_e);
    return true;
  }
  return false;
}

bool Decompounder::TailMatches(const std::string& tail) const {
  if (IsSuffix(tail)) return false;
  if (words_.count(tail) > 0) return true;
  if (tail.size() <= kMinPartLetters) return false;
  const std::string stem = Stem("de", tail);
  return stem.size() >= kMinPartLetters && !IsSuffix(stem) && stems_.count(stem) > 0;
}

std::vector<std::string> Decompounder::Split(const std::string& word) const {
  struct Cache {
    const Decompounder* owner = nullptr;
    std::unordered_map<std::string, std::vector<std::string>> entries;
  };
  thread_local Cache cache;
  if (cache.owner != this || cache.entries.size() >= kCacheLimit) {
    cache.entries.clear();
    cache.owner = this;
  }
  const auto it = cache.entries.find(word);
  if (it != cache.entries.end()) return it->second;
  std::vector<std::string> parts = SplitUncached(word);
  cache.entries.emplace(word, parts);
  return parts;
}

// Street and place names end in a known head whatever their first part is (a person, a tree,
// a town: "Bölschestraße", "Akazienstraße", "Falckensteinstraße"), which the lexicon rarely
// knows. Splitting off the head lets "strasse" or "Platz" find them.
std::vector<std::string> Decompounder::SplitStreetName(const std::string& word) const {
  static constexpr std::string_view kHeads[] = {"straße",   "strasse", "platz", "allee", "damm",
                                                "chaussee", "ufer",    "gasse", "steig", "brücke"};
  for (std::string_view head : kHeads) {
    if (word.size() < head.size() + 4 ||
        word.compare(word.size() - head.size(), head.size(), head) != 0) {
      continue;
    }
    std::string first = word.substr(0, word.size() - head.size());
    if (first.back() == '-') first.pop_back();
    std::vector<std::string> parts = {Stem("de", first), Stem("de", std::string(head))};
    if (parts[0] == parts[1]) parts.pop_back();
    return parts;
  }
  return {};
}

std::vector<std::string> Decompounder::SplitUncached(const std::string& word) const {
  const std::vector<size_t> b = LetterBounds(word);
  if (b.empty()) return {};
  const size_t n = b.size() - 1;
  if (n < kMinWordLetters || n > kMaxWordLetters || IsProtected(word)) return {};
  auto sub = [&](size_t from, size_t to) { return word.substr(b[from], b[to] - b[from]); };

  // cover[i]: the best cover of the letters [i, n). Filled right to left.
  std::vector<Cover> cover(n + 1);
  std::string lexicon_word;
  for (size_t i = n - kMinPartLetters; i + 1 > 0; --i) {
    Cover& best = cover[i];
    if (i > 0 && TailMatches(sub(i, n))) best = {1, n, n};
    for (size_t j = n - kMinPartLetters; j >= i + kMinPartLetters && best.parts != 1; --j) {
      const std::string head = sub(i, j);
      if (!HeadMatches(head, &lexicon_word)) continue;
      const bool s_only = TakesFugenS(head);
      for (std::string_view fuge : kFugen) {
        if (s_only && fuge != "s") continue;
        const std::string rest = word.substr(b[j], fuge.size());
        if (rest != fuge) continue;
        // Fugen are ASCII, so their byte length is their letter count.
        const size_t k = j + fuge.size();
        if (k > n - kMinPartLetters || cover[k].parts == 0) continue;
        if (best.parts == 0 || cover[k].parts + 1 < best.parts) {
          best = {cover[k].parts + 1, j, k};
        }
      }
    }
    if (i == 0) break;
  }
  if (cover[0].parts < 2) return SplitStreetName(word);

  std::vector<std::string> parts;
  for (size_t i = 0; i < n;) {
    const Cover& c = cover[i];
    std::string part = sub(i, c.head_end);
    if (c.head_end < n) HeadMatches(part, &part);  // the lexicon form: "sprach" -> "sprache"
    std::string stem = Stem("de", part);
    if (std::find(parts.begin(), parts.end(), stem) == parts.end()) parts.push_back(stem);
    i = c.next;
  }
  return parts;
}

}  // namespace hilfsnetz::text
