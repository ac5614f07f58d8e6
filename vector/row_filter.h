// RowFilter: which rows a VectorIndex::TopK call may return.
//
// A bitset over row ids (bit r set = row r passes; rows past the end do not pass), a
// predicate, or both (a row passes when its bit is set and the predicate holds). The filter is
// applied before the top-k cut: if at least k live rows pass, TopK returns k of them.
//
//   RowFilter in_district = RowFilter::FromRows(row_ids_in_district);
//   auto hits = index.TopK(query, 10, &in_district);
//
// Cost: a bitset filter lets the scan skip whole 64-row blocks with no passing row, so a
// selective bitset filter makes TopK cheaper. A predicate is only called for rows whose score
// could still enter the current top k (for the quantised scans: the candidate list), but
// every row is scored. Both: the bitset skips blocks, and the predicate is called only for
// rows that pass the bitset and could enter the top k (a costly test such as a distance over
// a cheap one such as "active": recommendations within a radius).
//
// Thread-safety: a RowFilter is immutable after construction. A predicate is called from the
// scan threads concurrently (and must not throw); it must be safe for that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace hilfsnetz::vector {

class RowFilter {
 public:
  using Predicate = std::function<bool(uint32_t row)>;

  // Rows whose bit is set pass: words[r / 64] >> (r % 64) & 1.
  static RowFilter FromBitset(std::vector<uint64_t> words);
  // The listed rows pass (any order, duplicates allowed).
  static RowFilter FromRows(std::span<const uint32_t> rows);
  // Rows for which predicate(row) is true pass. REQUIRES: predicate is non-empty.
  static RowFilter FromPredicate(Predicate predicate);
  // Rows whose bit is set and for which predicate(row) is true pass. REQUIRES: predicate is
  // non-empty.
  static RowFilter FromBitsetAndPredicate(std::vector<uint64_t> words, Predicate predicate);

  bool is_bitset() const { return !predicate_; }

  // The 64 bits for rows [64 * word_index, 64 * word_index + 64); zero past the end.
  // Predicate-only filters report all ones (the predicate decides later).
  uint64_t Word(std::size_t word_index) const {
    if (predicate_ && !has_words_) return ~uint64_t{0};
    return word_index < words_.size() ? words_[word_index] : 0;
  }

  // Whether `row` passes.
  bool Passes(uint32_t row) const {
    return ((Word(row / 64) >> (row % 64)) & 1u) && PassesPredicate(row);
  }

  // The predicate check alone: true for bitset filters (already applied through Word()).
  bool PassesPredicate(uint32_t row) const { return !predicate_ || predicate_(row); }

 private:
  RowFilter() = default;
  std::vector<uint64_t> words_;
  bool has_words_ = false;  // with a predicate: words_ applies as well
  Predicate predicate_;
};

}  // namespace hilfsnetz::vector
