// QueryBuilder: from analysed query text to a Xapian::Query, built from the same
// text::Analyzer terms the indexer wrote (no Xapian::QueryParser).
//
// Per query word w (stop words dropped unless the query has nothing else):
//   exact surface (1.0)  OR  umlaut alternates (0.9)  OR  stems (SYNONYM, 1.0)
//   OR  synonym stems (0.5)  OR  AND(compound parts) (0.5)
// Exact forms thus rank above ue/ss-digraph forms above stripped vowels (which match the
// stem only). A word with no term in the index is replaced by Xapian's spelling suggestion
// (edit distance ≤ 2), which also yields did_you_mean.
//
// Several words: each matched word adds kCoverageBonus (FixedWeightPostingSource filtered by
// the word), so documents with more of the words rank first (all of them before most of
// them) and BM25 orders documents with the same coverage; documents with only some words
// are still returned. Phrases are required; negations excluded.
//
// Thread-safety: not thread-safe (reads the caller's Xapian::Database).
#pragma once

#include <optional>
#include <set>
#include <string>

#include <xapian.h>

#include "ranking/staff_syntax.h"

namespace hilfsnetz::ranking {

// Weight added per matched query word; larger than any BM25 sum of a word's terms.
inline constexpr double kCoverageBonus = 1000.0;

struct QueryPlan {
  Xapian::Query query;  // every document (Query(std::string())) when there is no text (browse)
  bool has_text = false;
  int word_count = 0;                  // words counted for coverage
  std::set<std::string> mark_surfaces;  // for highlighting
  std::set<std::string> mark_stems;
  std::optional<std::string> did_you_mean;

  std::string DebugString() const { return query.get_description(); }
};

struct PlanOptions {
  bool coverage_bonus = true;  // rank by number of matched words first (search box)
  bool spelling = true;        // replace words without match by Xapian's suggestion
  size_t max_words = 64;       // words past this are ignored (long texts as queries)
};

QueryPlan BuildQueryPlan(const StaffQuery& staff, const Xapian::Database& db,
                         const PlanOptions& options = {});

}  // namespace hilfsnetz::ranking
