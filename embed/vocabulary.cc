#include "embed/vocabulary.h"

#include <algorithm>
#include <cmath>

namespace hilfsnetz::embed::internal {

float SmoothIdf(size_t num_docs, size_t df) {
  return static_cast<float>(
      std::log((1.0 + static_cast<double>(num_docs)) / (1.0 + static_cast<double>(df))) + 1.0);
}

Vocabulary::Vocabulary(std::vector<std::string> terms, std::vector<float> idf)
    : terms_(std::move(terms)), idf_(std::move(idf)) {}

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

int Vocabulary::Find(const std::string& feature) const { return terms_.Find(feature); }

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
