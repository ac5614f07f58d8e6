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

bool IsSuffix(std::string_view s) {
  return std::find(kSuffixes.begin(), kSuffixes.end(), s) != kSuffixes.end();
}

bool TakesFugenS(std::string_view head) {
  for (std::string_view end : kSHeads) {
    if (head.size() >= end.size() && head.substr(head.size() - end.size()) == end) return true;
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
  words_.Reserve(lines + lines / 4 + 256);
  ForEachTableLine(lexicon, [this](std::string_view w) { words_.Add(w); });
  ForEachTableLine(protected_words, [this](std::string_view w) {
    std::string word = NormalizeWord(w);
    protected_stems_.Add(StemUncached("de", word));
    words_.Add(word);
    protected_.Add(word);
  });
  const int unfolded = words_.size();
  for (int i = 0; i < unfolded; ++i) {
    std::string f = StripUmlauts(words_[i]);
    if (f != words_[i]) words_.Add(f);
  }
  // Each word is stemmed once, so Stem's cache of recent words would only churn.
  stems_.Reserve(static_cast<size_t>(words_.size()));
  for (const std::string& w : words_.strings()) stems_.Add(StemUncached("de", w));
}

bool Decompounder::IsProtected(const std::string& word) const {
  return protected_.Contains(word) || protected_stems_.Contains(Stem("de", word));
}

// Parts of kMinPartLetters letters must be lexicon words as they stand (the lexicon keeps
// only a few common 3-letter nouns); longer parts may drop an "e" (heads) or be inflected
// (the last part).
bool Decompounder::HeadMatches(std::string_view head, std::string& scratch) const {
  if (IsSuffix(head)) return false;
  if (words_.Contains(head)) return true;
  if (head.size() <= kMinPartLetters) return false;
  scratch.assign(head);
  scratch.push_back('e');
  return words_.Contains(scratch);
}

std::string Decompounder::LexiconForm(std::string_view head) const {
  if (words_.Contains(head)) return std::string(head);
  return std::string(head) + "e";
}

bool Decompounder::TailMatches(std::string_view tail) const {
  if (IsSuffix(tail)) return false;
  if (words_.Contains(tail)) return true;
  if (tail.size() <= kMinPartLetters) return false;
  // The suffixes of a word not split before are mostly new too: Stem's cache of recent
  // words would only churn.
  const std::string stem = StemUncached("de", std::string(tail));
  return stem.size() >= kMinPartLetters && !IsSuffix(stem) && stems_.Contains(stem);
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
  const std::string_view w = word;
  auto sub = [&](size_t from, size_t to) { return w.substr(b[from], b[to] - b[from]); };

  // cover[i]: the best cover of the letters [i, n), worked out when a head before it matched
  // (most positions are never asked for, and a tail costs a stemmer call).
  std::vector<Cover> cover(n + 1);
  std::vector<char> known(n + 1, 0);
  std::string scratch;
  auto best_cover = [&](auto& self, size_t i) -> const Cover& {
    if (known[i]) return cover[i];
    known[i] = 1;
    Cover best;
    if (i > 0 && TailMatches(sub(i, n))) best = {1, n, n};
    for (size_t j = n - kMinPartLetters; j >= i + kMinPartLetters && best.parts != 1; --j) {
      const std::string_view head = sub(i, j);
      if (!HeadMatches(head, scratch)) continue;
      const bool s_only = TakesFugenS(head);
      for (std::string_view fuge : kFugen) {
        if (s_only && fuge != "s") continue;
        if (w.substr(b[j], fuge.size()) != fuge) continue;
        // Fugen are ASCII, so their byte length is their letter count.
        const size_t k = j + fuge.size();
        if (k > n - kMinPartLetters) continue;
        const Cover& rest = self(self, k);
        if (rest.parts == 0) continue;
        if (best.parts == 0 || rest.parts + 1 < best.parts) best = {rest.parts + 1, j, k};
      }
    }
    cover[i] = best;
    return cover[i];
  };
  best_cover(best_cover, 0);
  if (cover[0].parts < 2) return SplitStreetName(word);

  std::vector<std::string> parts;
  for (size_t i = 0; i < n;) {
    const Cover& c = cover[i];
    // A head in its lexicon form ("sprach" -> "sprache"); the last part as it stands.
    const std::string part =
        c.head_end < n ? LexiconForm(sub(i, c.head_end)) : std::string(sub(i, c.head_end));
    std::string stem = Stem("de", part);
    if (std::find(parts.begin(), parts.end(), stem) == parts.end()) parts.push_back(stem);
    i = c.next;
  }
  return parts;
}

}  // namespace hilfsnetz::text
