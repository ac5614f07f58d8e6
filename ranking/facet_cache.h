// FacetCache: per-document facet codes held in memory (docid -> district, needs, topics,
// language, status, Ortsteil, open EUR in cents), rebuilt from the database's value streams
// at open and after every reopen that saw new commits (or patched from the documents a write
// changed). FacetSpy counts them for every matching document, so facet counts are exact and
// cost an array lookup per match instead of a value read.
//
// Thread-safety: a FacetCache is immutable once built; a FacetSpy belongs to one search.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "ranking/search_request.h"

namespace hilfsnetz::ranking {

class FacetCache {
 public:
  // Reads the facet value slots and status terms of `db`.
  explicit FacetCache(const Xapian::Database& db);
  FacetCache() = default;

  // `base` (the cache of an earlier revision of the same database) with the documents
  // `changed` (added, replaced or deleted since: core/change_feed.h) read again from `db`. The
  // same codes and counts as FacetCache(db), at the cost of the changed documents rather than
  // of all (dictionary codes may be numbered differently). May throw Xapian::Error.
  static FacetCache Patched(const FacetCache& base, const Xapian::Database& db,
                            const std::vector<Xapian::docid>& changed);

  struct Codes {
    uint16_t district = 0;  // index into dictionary; 0 = none
    uint16_t language = 0;
    uint8_t status = 0;   // index into statuses (0 = unknown)
    uint32_t needs = 0;   // bit i = dictionary entry i of needs
    uint64_t topics = 0;  // bit i = dictionary entry i of topics
    // Also cached for recommendations (their cheap first stage reads no stored record):
    float funding_gap = 0;  // open EUR over money needs
    // The same, rounded to the cent once, for exact sums (FacetSpy): a float has 24 bits.
    int64_t open_cents = 0;
    float lat = 0, lon = 0;
    bool has_location = false;
    int64_t created_unix = 0;
    int64_t updated_unix = 0;
    uint32_t neighbourhood = 0;  // index into neighbourhood keys (LooseKey); 0 = none
    // A record in a Kiez has two (the Kiez's and its Ortsteil's, indexer/document_builder.cc).
    uint32_t neighbourhood2 = 0;
    bool InNeighbourhood(uint32_t code) const {
      return code != 0 && (neighbourhood == code || neighbourhood2 == code);
    }
  };

  // The Ortsteil (a kNeighbourhood code: index into Names(kNeighbourhood), 0 = none) whose
  // LooseKey is neighbourhood `code`'s; a Kiez's own code has none.
  uint16_t OrtsteilOf(uint32_t code) const {
    return code < hood_ortsteil_.size() ? hood_ortsteil_[code] : 0;
  }

  // The code of a neighbourhood LooseKey (0 when no document has it).
  uint32_t NeighbourhoodCode(const std::string& loose_key) const {
    auto it = neighbourhoods_.find(loose_key);
    return it == neighbourhoods_.end() ? 0 : it->second;
  }

  // Dictionary code of a value (0 when unknown): e.g. Code(kNeed, "money").
  uint16_t Code(FacetField f, const std::string& value) const {
    auto it = index_[static_cast<int>(f)].find(value);
    return it == index_[static_cast<int>(f)].end() ? 0 : it->second;
  }

  const Codes* Find(Xapian::docid id) const { return id < codes_.size() ? &codes_[id] : nullptr; }
  const std::vector<std::string>& Names(FacetField f) const { return names_[static_cast<int>(f)]; }

  // Share of the active initiatives that have this topic / need type (0 when unknown or none
  // is active): whether having it in common says anything about two initiatives.
  double ActiveShare(FacetField f, const std::string& value) const;

  // The documents with a need of type `code` (a kNeed code below 32) as a bitset over docids
  // (bit d of word d / 64); empty for an unknown code.
  const std::vector<uint64_t>& NeedDocs(uint16_t code) const {
    static const std::vector<uint64_t> kNone;
    return code < need_docs_.size() ? need_docs_[code] : kNone;
  }

 private:
  uint16_t Intern(FacetField f, const std::string& value);
  // The code of neighbourhood key `key`, added (with its Ortsteil) when new.
  uint32_t InternNeighbourhood(const std::string& key);
  void InitOrtsteile();
  // Sets document `id`'s codes from its values and terms (`doc`, or none when deleted), keeping
  // the need bitsets and the active counts in step.
  void Reset(Xapian::docid id, const Xapian::Document* doc);
  void CountActive(const Codes& c, int sign);
  std::vector<Codes> codes_;
  std::vector<std::vector<uint64_t>> need_docs_;        // by need code
  std::vector<uint32_t> active_topics_, active_needs_;  // active initiatives by code
  uint32_t active_ = 0;
  std::map<std::string, uint32_t> neighbourhoods_;
  std::vector<uint16_t> hood_ortsteil_;  // neighbourhood code -> Ortsteil (kNeighbourhood code)
  // kNeighbourhood: "" and the Ortsteile of geo::Berlin in its order (fixed, not interned).
  std::vector<std::string> names_[kFacetFieldCount];
  std::map<std::string, uint16_t> index_[kFacetFieldCount];
};

// A MatchSpy counting facet values of the matching documents, and (with `sum_cents`) adding
// their open EUR in cents per facet value and over all: integers, so exact at any size.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const FacetCache& cache, bool sum_cents = false);
  void operator()(const Xapian::Document& doc, double wt) override;
  // Counts one document that the match did not see (hybrid: semantic-only hits).
  void Count(Xapian::docid id);
  // Adds `n` documents to value `code` of field `f`, counted elsewhere (BrowseIndex), without
  // cents. REQUIRES: no sum_cents.
  void Add(FacetField f, size_t code, uint64_t n);
  // value -> count for one field, sorted by count desc then value; zero counts omitted.
  std::vector<std::pair<std::string, uint64_t>> Counts(FacetField f) const;
  // value -> open EUR in cents of the values Counts(f) gives, in its order (0 without
  // sum_cents).
  std::vector<std::pair<std::string, int64_t>> SumCents(FacetField f) const;
  // Open EUR in cents over every counted document.
  int64_t TotalCents() const { return total_cents_; }

 private:
  std::vector<size_t> Order(FacetField f) const;  // the codes with a count, as Counts sorts
  const FacetCache& cache_;
  const bool sum_cents_;
  std::vector<uint64_t> counts_[kFacetFieldCount];
  std::vector<int64_t> cents_[kFacetFieldCount];
  int64_t total_cents_ = 0;
};

// Whether a search for `req` adds a FacetSpy that sees every match (facets or sums asked for:
// both are exact), and whether that spy adds cents (a sum asked for).
inline bool NeedsSpy(const SearchRequest& req) { return !req.facets.empty() || !req.sums.empty(); }
inline bool SumsCents(const SearchRequest& req) { return !req.sums.empty(); }

// The counts and sums `req` asked for, from a spy that saw every match.
void CollectFacets(const FacetSpy& spy, const SearchRequest& req,
                   std::map<FacetField, std::vector<std::pair<std::string, uint64_t>>>& facets,
                   std::map<SumField, SearchResult::Sum>& sums);

}  // namespace hilfsnetz::ranking
