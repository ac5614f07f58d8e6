// BrowseIndex: answers a search without words (a browse: filters, facets, newest first — the
// staff view's and a filter sidebar's request) from bitsets over docids instead of a Xapian
// match, for one index revision.
//
//   - the filter terms (district XD, Ortsteil/Kiez XN, need XR, topic XT, language XL, status
//     XS) each as a bitset of the documents that hold it, read from their posting lists: a
//     browse's match set is the AND over fields of the OR of their values' bitsets, which is
//     exactly the documents Xapian's filter query (ranking/filter_query.h) matches;
//   - the facet codes of the FacetCache as bitsets per value (district, need, topic, language,
//     status): a count is popcount(match AND value), the same codes FacetSpy counts;
//   - the documents in the order of Xapian's sort by kSlotCreated, descending (ties and
//     documents without the value as Xapian orders them: by docid, ascending).
//
// At 100k initiatives a browse took 2.9 ms p50 as Xapian's filtered match that sorted and
// counted every active initiative, and takes 0.9 ms from these bitsets, most of it the page's
// ten records (bench/README.md, peers_bench's hilfsnetz-browse).
//
// Thread-safety: immutable once built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/result.h"
#include "ranking/facet_cache.h"
#include "ranking/search_request.h"

namespace hilfsnetz::ranking {

class BrowseIndex {
 public:
  using Bits = std::vector<uint64_t>;  // bit d of word d / 64: document d

  // Reads the filter terms' posting lists and the created values of `db`, and the codes of
  // `facets` (the cache of the same revision). Errors: those of Xapian, as a Status.
  static Result<std::shared_ptr<const BrowseIndex>> Build(const Xapian::Database& db,
                                                          const FacetCache& facets);
  // `base` (of an earlier revision of the same database) with the documents `changed` since
  // (core/change_feed.h) read again from `db` and `facets` (the cache of db's revision): the
  // same bitsets and order as Build, at the cost of a copy and the changed documents.
  static Result<std::shared_ptr<const BrowseIndex>> Patched(
      const BrowseIndex& base, const Xapian::Database& db, const FacetCache& facets,
      const std::vector<Xapian::docid>& changed);

  // The documents that hold a term of every group (FilterTerms); every group must be
  // non-empty. No groups: no document (a browse always filters by status).
  Bits Match(const std::vector<std::vector<std::string>>& groups) const;

  // Adds to `spy` the counts of `match` for field `f`. REQUIRES: f is kDistrict, kNeed,
  // kTopic, kLanguage or kStatus (kNeighbourhood folds Kiez into Ortsteil: FacetSpy::Count).
  void CountInto(const Bits& match, FacetField f, FacetSpy& spy) const;

  // Documents [offset, offset + limit) of `match`, newest first.
  std::vector<Xapian::docid> Page(const Bits& match, size_t offset, size_t limit) const;

  static uint64_t Count(const Bits& match);
  // The size of every bitset (a Bits of this many words holds every docid of the revision).
  size_t words() const { return words_; }

 private:
  BrowseIndex() = default;
  // Sizes every bitset for documents up to `last`.
  void Resize(Xapian::docid last);
  // Sets document d's bits from `doc` (its filter terms) and `facets` (its codes).
  void Add(Xapian::docid d, const Xapian::Document& doc, const FacetCache& facets);
  void SetCodes(Xapian::docid d, const FacetCache& facets);
  // Whether a comes before b newest first (Xapian's order, see above).
  bool Before(Xapian::docid a, Xapian::docid b) const;

  size_t words_ = 0;
  std::unordered_map<std::string, Bits> terms_;
  std::vector<Bits> codes_[kFacetFieldCount];  // by field, by code
  std::vector<std::string> created_;           // by docid: the kSlotCreated value ("" = none)
  std::vector<Xapian::docid> newest_first_;    // every docid up to the last, deleted ones too
};

}  // namespace hilfsnetz::ranking
