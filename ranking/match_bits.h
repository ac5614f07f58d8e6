// MatchBits: the set of documents a boolean reading of a Xapian::Query matches, as a bitset
// over docids, read straight from the terms' posting lists.
//
// Exact facet counts and totals need every document a search matches, not their weights.
// Xapian's unweighted match (BoolWeight) of QueryPlan::match_query merges the posting lists of
// every term of every word through its OR tree and calls the facet spy once per document; at
// 100k records that was most of a faceted search's time (bench/README.md, issue 13). Here the
// terms' posting lists set bits (a word's OR of terms straight into one bitset), and AND /
// AND NOT become word-wise operations on bitsets; the facet counts are then popcounts against
// BrowseIndex's value bitsets. Memory: one bitset per level of AND nesting, not per term.
//
// Supported: terms (the empty term: every document), match-all and match-nothing, OP_OR,
// OP_SYNONYM, OP_MAX (each the union of its subqueries), OP_AND, OP_FILTER (intersection),
// OP_AND_NOT (the first minus the others), OP_AND_MAYBE (the first: the others only weigh),
// OP_SCALE_WEIGHT (its subquery). Anything else (phrases, NEAR, wildcards, value ranges,
// posting sources such as a radius, XOR, ELITE_SET) returns nullopt: the caller counts with
// Xapian's own match, so the answer never depends on this reading being complete.
//
// Thread-safety: as the Database (one per thread).
#pragma once

#include <optional>

#include <xapian.h>

#include "ranking/browse_index.h"

namespace hilfsnetz::ranking {

// The documents `query` matches, in a bitset of `words` 64-bit words (BrowseIndex::words() of
// db's revision: every docid of db fits); nullopt when the query holds an operator listed above
// as unsupported. Xapian errors propagate (callers run inside GuardXapian).
std::optional<BrowseIndex::Bits> MatchBits(const Xapian::Database& db, const Xapian::Query& query,
                                           size_t words);

}  // namespace hilfsnetz::ranking
