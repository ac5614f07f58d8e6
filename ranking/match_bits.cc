#include "ranking/match_bits.h"

#include <string>
#include <unordered_set>

namespace hilfsnetz::ranking {
namespace {

using Bits = BrowseIndex::Bits;

// Memory: a bitset per level of AND / AND_NOT nesting (a word's OR of terms is accumulated in
// place), so a long query does not hold a bitset per term (at 1M documents one is 125 KB).
class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, size_t words) : db_(db), words_(words) {}

  // out = the documents `q` matches. False when `q` holds an unsupported operator (`out` is
  // then unspecified).
  bool Eval(const Xapian::Query& q, Bits& out) {
    out.assign(words_, 0);
    switch (q.get_type()) {
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
        return Intersect(q, out, /*negate_rest=*/false);
      case Xapian::Query::OP_AND_NOT:
        return Intersect(q, out, /*negate_rest=*/true);
      case Xapian::Query::LEAF_MATCH_ALL: {
        Terms seen;
        return AddTerm(std::string(), out, seen);
      }
      case Xapian::Query::LEAF_MATCH_NOTHING:
        return true;
      default: {
        Terms seen;
        return Add(q, out, seen);
      }
    }
  }

 private:
  // The terms already OR-ed into one bitset: a concept named by several words is read once.
  using Terms = std::unordered_set<std::string>;

  // acc |= the documents `q` matches; `seen`: the terms already in acc.
  bool Add(const Xapian::Query& q, Bits& acc, Terms& seen) {
    const size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
      case Xapian::Query::LEAF_TERM: {
        auto t = q.get_terms_begin();
        return t != q.get_terms_end() && AddTerm(*t, acc, seen);
      }
      case Xapian::Query::OP_SCALE_WEIGHT:
      case Xapian::Query::OP_AND_MAYBE:  // the others only add weight
        return n >= 1 && Add(q.get_subquery(0), acc, seen);
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX:
        if (n == 0) return false;
        for (size_t i = 0; i < n; ++i) {
          if (!Add(q.get_subquery(i), acc, seen)) return false;
        }
        return true;
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::LEAF_MATCH_ALL:
      case Xapian::Query::LEAF_MATCH_NOTHING: {
        Bits part;
        if (!Eval(q, part)) return false;
        for (size_t w = 0; w < words_; ++w) acc[w] |= part[w];
        return true;
      }
      default:
        return false;
    }
  }

  // out = first subquery AND each further one (or AND NOT each further one).
  bool Intersect(const Xapian::Query& q, Bits& out, bool negate_rest) {
    const size_t n = q.get_num_subqueries();
    if (n == 0 || !Eval(q.get_subquery(0), out)) return false;
    Bits next;
    for (size_t i = 1; i < n; ++i) {
      if (!Eval(q.get_subquery(i), next)) return false;
      if (negate_rest) {
        for (size_t w = 0; w < words_; ++w) out[w] &= ~next[w];
      } else {
        for (size_t w = 0; w < words_; ++w) out[w] &= next[w];
      }
    }
    return true;
  }

  // acc |= a term's posting list (the empty term: every document), unless already in it.
  bool AddTerm(const std::string& term, Bits& acc, Terms& seen) {
    if (!seen.insert(term).second) return true;
    for (auto d = db_.postlist_begin(term); d != db_.postlist_end(term); ++d) {
      const Xapian::docid id = *d;
      if (id / 64 < words_) acc[id / 64] |= uint64_t{1} << (id % 64);
    }
    return true;
  }

  const Xapian::Database& db_;
  size_t words_;
};

}  // namespace

std::optional<BrowseIndex::Bits> MatchBits(const Xapian::Database& db, const Xapian::Query& query,
                                           size_t words) {
  Bits out;
  Evaluator e(db, words);
  if (!e.Eval(query, out)) return std::nullopt;
  return out;
}

}  // namespace hilfsnetz::ranking
