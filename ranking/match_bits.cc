#include "ranking/match_bits.h"

#include <map>
#include <string>

namespace hilfsnetz::ranking {
namespace {

using Bits = BrowseIndex::Bits;

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, size_t words) : db_(db), words_(words) {}

  // False when `q` holds an unsupported operator (`out` is then unspecified).
  bool Eval(const Xapian::Query& q, Bits& out) {
    const size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
      case Xapian::Query::LEAF_TERM:
        return Term(q, out);
      case Xapian::Query::LEAF_MATCH_ALL:
        return Term(std::string(), out);
      case Xapian::Query::LEAF_MATCH_NOTHING:
        out.assign(words_, 0);
        return true;
      case Xapian::Query::OP_SCALE_WEIGHT:
      case Xapian::Query::OP_AND_MAYBE:  // the others only add weight
        return n >= 1 && Eval(q.get_subquery(0), out);
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX:
        return Combine(q, out, [](uint64_t& a, uint64_t b) { a |= b; });
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
        return Combine(q, out, [](uint64_t& a, uint64_t b) { a &= b; });
      case Xapian::Query::OP_AND_NOT:
        return Combine(q, out, [](uint64_t& a, uint64_t b) { a &= ~b; });
      default:
        return false;
    }
  }

 private:
  // out = first subquery, then op(out, each further subquery).
  template <typename Op>
  bool Combine(const Xapian::Query& q, Bits& out, Op op) {
    const size_t n = q.get_num_subqueries();
    if (n == 0 || !Eval(q.get_subquery(0), out)) return false;
    Bits next;
    for (size_t i = 1; i < n; ++i) {
      if (!Eval(q.get_subquery(i), next)) return false;
      for (size_t w = 0; w < words_; ++w) op(out[w], next[w]);
    }
    return true;
  }

  bool Term(const Xapian::Query& q, Bits& out) {
    auto t = q.get_terms_begin();
    if (t == q.get_terms_end()) return false;  // a leaf without a term: not expected
    return Term(*t, out);
  }

  // A term's posting list (the empty term: every document), read once per evaluation: the
  // same concept often stands under several words.
  bool Term(const std::string& term, Bits& out) {
    auto [it, fresh] = cache_.try_emplace(term);
    if (fresh) {
      Bits& bits = it->second;
      bits.assign(words_, 0);
      for (auto d = db_.postlist_begin(term); d != db_.postlist_end(term); ++d) {
        const Xapian::docid id = *d;
        if (id / 64 < words_) bits[id / 64] |= uint64_t{1} << (id % 64);
      }
    }
    out = it->second;
    return true;
  }

  const Xapian::Database& db_;
  size_t words_;
  std::map<std::string, Bits> cache_;
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
