#include "ranking/suggest_index.h"

#include <algorithm>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "text/analyzer.h"
#include "text/query_language.h"
#include "text/umlaut.h"

namespace hilfsnetz::ranking {
namespace {

constexpr size_t kTopPerPrefix = 24;  // precomputed completions per 1-2 letter prefix
constexpr size_t kShortPrefixLetters = 2;
constexpr size_t kMaxScan = 4000;     // entries scanned for a longer prefix
constexpr size_t kMaxCounts = 20000;  // cached counts per revision
constexpr size_t kMaxDocSets = 512;   // cached document sets per revision (<= 3,000 ids each)
constexpr uint32_t kMinPhraseFreq = 2;

// Byte length of the first `n` code points of `s` (or s.size()).
size_t PrefixBytes(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t cp = 0; i < s.size() && cp < n; ++cp) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

size_t Letters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool ByFreq(const SuggestIndex::Term* a, const SuggestIndex::Term* b) {
  if (a->freq != b->freq) return a->freq > b->freq;
  return a->text < b->text;
}

// Stop words of any language are no completions ("fü" is not completed to "für").
bool IsStopword(const std::string& w) {
  const text::Analyzer& a = text::Analyzer::Default();
  for (std::string_view lang : {"de", "en", "ar", "uk", "ru", "tr", "fa"}) {
    if (a.IsStopword(lang, w)) return true;
  }
  return false;
}

}  // namespace

void SuggestIndex::Table::Finish() {
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const std::string& key = entries[i].first;
    for (size_t n = 1; n <= kShortPrefixLetters; ++n) {
      const size_t bytes = PrefixBytes(key, n);
      if (Letters(key.substr(0, bytes)) < n) break;
      top[key.substr(0, bytes)].push_back(i);
    }
  }
  for (auto& [prefix, list] : top) {
    std::sort(list.begin(), list.end(), [this](uint32_t a, uint32_t b) {
      return ByFreq(&entries[a].second, &entries[b].second);
    });
    if (list.size() > kTopPerPrefix) list.resize(kTopPerPrefix);
  }
}

std::vector<const SuggestIndex::Term*> SuggestIndex::Table::Complete(const std::string& folded,
                                                                     size_t limit) const {
  std::vector<const Term*> out;
  if (folded.empty()) return out;
  if (Letters(folded) <= kShortPrefixLetters) {
    const auto it = top.find(folded);
    if (it == top.end()) return out;
    for (uint32_t i : it->second) {
      if (out.size() == limit) break;
      out.push_back(&entries[i].second);
    }
    return out;
  }
  auto it = std::lower_bound(entries.begin(), entries.end(), folded,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  for (size_t scanned = 0; it != entries.end() && scanned < kMaxScan; ++it, ++scanned) {
    if (it->first.compare(0, folded.size(), folded) != 0) break;
    out.push_back(&it->second);
  }
  std::sort(out.begin(), out.end(), ByFreq);
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<std::shared_ptr<const SuggestIndex>> SuggestIndex::Build(const Xapian::Database& db) {
  std::shared_ptr<SuggestIndex> out(new SuggestIndex());
  Status s = GuardXapian("building suggestions", [&]() -> Status {
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      const std::string term = *t;
      if (term.empty()) continue;
      const auto c = static_cast<unsigned char>(term[0]);
      if (c >= 'A' && c <= 'Z') {
        const bool title = term.rfind(layout::kPrefixTitle, 0) == 0;
        const bool phrase = term.rfind(layout::kPrefixPhrase, 0) == 0;
        if (!title && !phrase) continue;
        const uint32_t freq = t.get_termfreq();
        if (phrase && freq < kMinPhraseFreq) continue;
        std::string text = term.substr(2);
        (title ? out->titles_ : out->phrases_)
            .entries.emplace_back(text::StripUmlauts(text), Term{text, freq});
        continue;
      }
      if (IsStopword(term)) continue;
      out->words_.entries.emplace_back(text::StripUmlauts(term), Term{term, t.get_termfreq()});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  out->words_.Finish();
  out->phrases_.Finish();
  out->titles_.Finish();
  return std::shared_ptr<const SuggestIndex>(out);
}

const SuggestIndex::Table& SuggestIndex::table(Kind kind) const {
  switch (kind) {
    case Kind::kWord:
      return words_;
    case Kind::kPhrase:
      return phrases_;
    case Kind::kTitle:
      return titles_;
  }
  return words_;
}

std::vector<const SuggestIndex::Term*> SuggestIndex::Complete(Kind kind, std::string_view prefix,
                                                              size_t limit) const {
  return table(kind).Complete(text::StripUmlauts(std::string(prefix)), limit);
}

size_t SuggestIndex::size(Kind kind) const { return table(kind).entries.size(); }

std::optional<uint64_t> SuggestIndex::CachedCount(const std::string& key) const {
  std::lock_guard<std::mutex> lock(count_mu_);
  const auto it = counts_.find(key);
  if (it == counts_.end()) return std::nullopt;
  return it->second;
}

void SuggestIndex::StoreCount(const std::string& key, uint64_t count) const {
  std::lock_guard<std::mutex> lock(count_mu_);
  if (counts_.size() >= kMaxCounts) counts_.clear();
  counts_[key] = count;
}

std::optional<SuggestIndex::Docs> SuggestIndex::CachedDocs(const std::string& key) const {
  std::lock_guard<std::mutex> lock(count_mu_);
  const auto it = docs_.find(key);
  if (it == docs_.end()) return std::nullopt;
  return it->second;
}

void SuggestIndex::StoreDocs(const std::string& key, Docs docs) const {
  std::lock_guard<std::mutex> lock(count_mu_);
  if (docs_.size() >= kMaxDocSets) docs_.clear();
  docs_[key] = std::move(docs);
}

}  // namespace hilfsnetz::ranking
