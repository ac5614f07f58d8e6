// TopKCollector: keeps the best k (row, score) pairs seen, for the scan loops.
//
// Internal to vector/. "Better" means a higher score, and on equal scores the lower row, so
// the result of a scan is fully determined by the scores (no dependence on scan order or on
// how the rows were split between threads). Offer() is O(1) when the candidate does not beat
// the current k-th best, O(log k) otherwise.
//
// Thread-safety: none; one collector per scanning thread, merged afterwards.
#pragma once

#include <emmintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "vector/vector_index.h"

namespace hilfsnetz::vector::internal {

// Strict "a ranks before b": score descending, then row ascending.
inline bool RanksBefore(const ScoredRow& a, const ScoredRow& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

class TopKCollector {
 public:
  // REQUIRES: k > 0.
  explicit TopKCollector(std::size_t k) : k_(k) { heap_.reserve(k); }

  // True if (row, score) would be kept, i.e. the collector is not full or it ranks before the
  // current k-th best. Lets callers skip expensive checks (a predicate) for hopeless rows.
  bool WouldKeep(uint32_t row, float score) const {
    return heap_.size() < k_ || RanksBefore(ScoredRow{row, score}, heap_.front());
  }

  bool full() const { return heap_.size() == k_; }
  // The current k-th best score. REQUIRES: full().
  float threshold() const { return heap_.front().score; }

  // Keeps (row, score) if it is among the best k so far. REQUIRES: each row offered once.
  void Offer(uint32_t row, float score) {
    if (!WouldKeep(row, score)) return;
    if (heap_.size() == k_) {
      std::pop_heap(heap_.begin(), heap_.end(), RanksBefore);
      heap_.back() = ScoredRow{row, score};
    } else {
      heap_.push_back(ScoredRow{row, score});
    }
    std::push_heap(heap_.begin(), heap_.end(), RanksBefore);  // front = worst kept
  }

  // The kept pairs, unsorted. The collector is left empty.
  std::vector<ScoredRow> Take() { return std::move(heap_); }

 private:
  std::size_t k_;
  std::vector<ScoredRow> heap_;
};

// Bit i set iff scores[i] >= t, for i < 64. REQUIRES: scores 16-byte aligned.
inline uint64_t AtLeastMask(const float* scores, float t) {
  const __m128 tv = _mm_set1_ps(t);
  uint64_t mask = 0;
  for (int i = 0; i < 64; i += 4) {
    const int m = _mm_movemask_ps(_mm_cmpge_ps(_mm_load_ps(scores + i), tv));
    mask |= static_cast<uint64_t>(m) << i;
  }
  return mask;
}

// REQUIRES: !parts.empty(). Concatenates the parts, sorts them best first and keeps the first k.
inline std::vector<ScoredRow> MergeTopK(std::vector<std::vector<ScoredRow>> parts, std::size_t k) {
  std::vector<ScoredRow> all = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    all.insert(all.end(), parts[i].begin(), parts[i].end());
  }
  std::sort(all.begin(), all.end(), RanksBefore);
  if (all.size() > k) all.resize(k);
  return all;
}

}  // namespace hilfsnetz::vector::internal
