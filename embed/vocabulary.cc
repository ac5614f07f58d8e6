#include "embed/vocabulary.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

namespace hilfsnetz::embed::internal {

float SmoothIdf(size_t num_docs, size_t df) {
  return static_cast<float>(
      std::log((1.0 + static_cast<double>(num_docs)) / (1.0 + static_cast<double>(df))) + 1.0);
}

namespace {

uint64_t HashOf(std::string_view term) { return std::hash<std::string_view>{}(term); }

}  // namespace

Vocabulary::Vocabulary(std::vector<std::string> terms, std::vector<float> idf)
    : terms_(std::move(terms)), idf_(std::move(idf)) {
  size_t size = 16;
  while (size < 2 * terms_.size()) size *= 2;
  slots_.assign(size, 0);
  for (size_t i = 0; i < terms_.size(); ++i) {
    const uint64_t h = HashOf(terms_[i]);
    size_t pos = h & (size - 1);
    while (slots_[pos] != 0) pos = (pos + 1) & (size - 1);
    slots_[pos] = (h >> 32 << 32) | (i + 1);
  }
}

Vocabulary Vocabulary::Select(const std::unordered_map<std::string, uint32_t>& df, size_t num_docs,
                              int min_df, int max_features) {
  std::vector<std::pair<uint32_t, const std::string*>> kept;
  for (const auto& [feature, count] : df) {
    if (count >= static_cast<uint32_t>(min_df)) kept.emplace_back(count, &feature);
  }
  auto by_df_then_bytes = [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : *x.second < *y.second;
  };
  const size_t n = std::min(kept.size(), static_cast<size_t>(max_features));
  std::partial_sort(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n), kept.end(),
                    by_df_then_bytes);
  std::vector<std::string> terms;
  std::vector<float> idf;
  terms.reserve(n);
  idf.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    terms.push_back(*kept[i].second);
    idf.push_back(SmoothIdf(num_docs, kept[i].first));
  }
  return Vocabulary(std::move(terms), std::move(idf));
}

int Vocabulary::Find(const std::string& feature) const {
  if (slots_.empty()) return -1;  // default-constructed
  const uint64_t h = HashOf(feature);
  const size_t mask = slots_.size() - 1;
  for (size_t pos = h & mask;; pos = (pos + 1) & mask) {
    const uint64_t slot = slots_[pos];
    if (slot == 0) return -1;
    const size_t i = (slot & 0xFFFFFFFFu) - 1;
    if ((slot >> 32) == (h >> 32) && terms_[i] == feature) return static_cast<int>(i);
  }
}

SparseRow Vocabulary::Weigh(const FeatureCounts& counts) const {
  std::vector<std::pair<int, float>> by_column;
  by_column.reserve(counts.size());
  for (const auto& [feature, count] : counts) {
    const int col = Find(feature);
    if (col >= 0) by_column.emplace_back(col, count);
  }
  return WeighColumns(std::move(by_column));
}

SparseRow Vocabulary::WeighColumns(std::vector<std::pair<int, float>> counts) const {
  std::sort(counts.begin(), counts.end());
  SparseRow row;
  row.cols.reserve(counts.size());
  row.values.reserve(counts.size());
  double norm2 = 0.0;
  for (const auto& [col, count] : counts) {
    const float tf = 1.0f + std::log(std::max(count, 1.0f));
    const float w = tf * idf_[static_cast<size_t>(col)];
    row.cols.push_back(col);
    row.values.push_back(w);
    norm2 += static_cast<double>(w) * w;
  }
  if (norm2 > 0.0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (float& w : row.values) w *= inv;
  }
  return row;
}

}  // namespace hilfsnetz::embed::internal
