// TopKCollector: keeps the best k (row, score) pairs seen, for the scan loops.
//
// Internal to vector/. "Better" means a higher score, and on equal scores the lower row, so
// the result of a scan is fully determined by the scores (no dependence on scan order or on
// how the rows were split between threads). Offer() is amortised O(1).
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
  explicit TopKCollector(std::size_t k) : k_(k) {
    kept_.reserve(std::min<std::size_t>(2 * k, 4096));
  }

  // True if (row, score) would be kept for now, i.e. the collector has no threshold yet or the
  // pair ranks before it. Lets callers skip expensive checks (a predicate) for hopeless rows.
  bool WouldKeep(uint32_t row, float score) const {
    return !full_ || RanksBefore(ScoredRow{row, score}, threshold_);
  }

  // Keeps (row, score) if it may be among the best k. Amortised O(1): pairs are appended to a
  // buffer of up to 2k, which is cut back to its best k with nth_element when full; the k-th
  // best then becomes the threshold. (A binary heap with the comparator behind a function
  // pointer took 2/3 of an int4 query at 10k rows with 1000 candidates.)
  // REQUIRES: each row offered once.
  void Offer(uint32_t row, float score) {
    if (!WouldKeep(row, score)) return;
    kept_.push_back(ScoredRow{row, score});
    if (kept_.size() == 2 * k_) Cut();
  }

  // True once a threshold is set (k pairs better than it are kept).
  bool full() const { return full_; }
  // Pairs scoring below this can never be kept. REQUIRES: full().
  float threshold() const { return threshold_.score; }

  // The best min(k, offered) pairs, unsorted. The collector is left empty.
  std::vector<ScoredRow> Take() {
    if (kept_.size() > k_) Cut();
    full_ = false;
    return std::move(kept_);
  }

 private:
  void Cut() {
    const auto kth = kept_.begin() + static_cast<std::ptrdiff_t>(k_ - 1);
    std::nth_element(kept_.begin(), kth, kept_.end(),
                     [](const ScoredRow& a, const ScoredRow& b) { return RanksBefore(a, b); });
    threshold_ = *kth;
    full_ = true;
    kept_.resize(k_);
  }

  std::size_t k_;
  std::vector<ScoredRow> kept_;
  bool full_ = false;
  ScoredRow threshold_;  // the k-th best at the last Cut(), once full_
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
  const auto before = [](const ScoredRow& a, const ScoredRow& b) { return RanksBefore(a, b); };
  if (all.size() > k) {
    std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(), before);
    all.resize(k);
  }
  std::sort(all.begin(), all.end(), before);
  return all;
}

}  // namespace hilfsnetz::vector::internal
