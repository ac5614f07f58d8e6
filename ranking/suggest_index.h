// SuggestIndex: what /v1/suggest completes against, for one index revision — the index's words
// (unprefixed surface terms), its frequent phrases (XP terms in at least two records) and its
// titles (XA terms), each with its document frequency, sorted by spelling with umlauts
// folded ("fluchtl" finds "flüchtlinge"). Built from the term list when the revision changes
// (~one pass over the vocabulary) and shared by all searchers of that revision through its
// IndexSnapshot (ranking/index_snapshot.h); it also keeps the revision's cache of suggestion
// counts.
//
// Prefix lookups: one or two letters are answered from precomputed top lists; longer prefixes
// by binary search and a bounded scan (kMaxScan entries) of the matching range.
//
// Thread-safety: immutable once built except the count cache (mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/result.h"

namespace hilfsnetz::ranking {

class SuggestIndex {
 public:
  struct Term {
    std::string text;   // the term without its prefix: "kleiderkammer", "hilfe für geflüchtete"
    uint32_t freq = 0;  // documents holding it (any status)
  };
  enum class Kind { kWord, kPhrase, kTitle };

  // Reads the term list of `db`'s revision.
  static Result<std::shared_ptr<const SuggestIndex>> Build(const Xapian::Database& db);

  // Terms of `kind` whose folded spelling starts with StripUmlauts(prefix), most frequent
  // first, at most `limit`.
  std::vector<const Term*> Complete(Kind kind, std::string_view prefix, size_t limit) const;

  // The revision's cache of counts ("text|filters" -> initiatives), bounded.
  std::optional<uint64_t> CachedCount(const std::string& key) const;
  void StoreCount(const std::string& key, uint64_t count) const;

  // The revision's cache of document sets ("text|filters" -> sorted docids; a null pointer
  // for "too many to keep"), bounded.
  using Docs = std::shared_ptr<const std::vector<Xapian::docid>>;
  std::optional<Docs> CachedDocs(const std::string& key) const;
  void StoreDocs(const std::string& key, Docs docs) const;

  size_t size(Kind kind) const;

 private:
  struct Table {
    std::vector<std::pair<std::string, Term>> entries;  // (folded text, term), sorted by folded
    std::unordered_map<std::string, std::vector<uint32_t>>
        top;  // 1-2 letter prefix -> best entries
    void Finish();
    std::vector<const Term*> Complete(const std::string& folded, size_t limit) const;
  };
  SuggestIndex() = default;
  const Table& table(Kind kind) const;

  Table words_, phrases_, titles_;
  mutable std::mutex count_mu_;
  mutable std::unordered_map<std::string, uint64_t> counts_;
  mutable std::unordered_map<std::string, Docs> docs_;
};

}  // namespace hilfsnetz::ranking
