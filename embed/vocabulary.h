// The embedder's vocabulary and TF-IDF weighting (internal to embed/).
//
// A feature's column is its rank by document frequency (highest first, ties by byte order of
// the feature string), so the same corpus gives the same columns however it was scanned.
// Weight of feature j in a text with weighted count c_j:
//   w_j = (1 + ln c_j) * idf_j   (sublinear tf; c_j >= 1 for every analysed occurrence)
//   idf_j = ln((1 + N) / (1 + df_j)) + 1   (smooth idf, as scikit-learn's TfidfVectorizer)
// and the row is scaled to unit L2 norm. Counts below 1 (never produced by features.cc)
// are clamped to 1.
//
// Thread-safety: a Vocabulary is immutable after construction; const methods are safe to
// call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/string_table.h"

namespace hilfsnetz::embed::internal {

// Feature -> summed weight of its occurrences in one text.
using FeatureCounts = std::unordered_map<std::string, float>;

// A row of the TF-IDF matrix: ascending distinct columns and their weights.
struct SparseRow {
  std::vector<int> cols;
  std::vector<float> values;
};

float SmoothIdf(size_t num_docs, size_t df);

class Vocabulary {
 public:
  Vocabulary() = default;
  // REQUIRES: terms distinct, idf.size() == terms.size().
  Vocabulary(std::vector<std::string> terms, std::vector<float> idf);

  // Keeps the features with df >= min_df, the max_features of highest df (ties: byte
  // order), in that order, with SmoothIdf(num_docs, df).
  static Vocabulary Select(const std::unordered_map<std::string, uint32_t>& df, size_t num_docs,
                           int min_df, int max_features);

  int size() const { return terms_.size(); }
  const std::vector<std::string>& terms() const { return terms_.strings(); }
  const std::vector<float>& idf() const { return idf_; }
  // The column of `feature`, or -1.
  int Find(const std::string& feature) const;

  // The TF-IDF row of a text's feature counts; unknown features are dropped; empty when none
  // is known.
  SparseRow Weigh(const FeatureCounts& counts) const;
  // The same from (column, count) pairs with distinct columns in any order.
  SparseRow WeighColumns(std::vector<std::pair<int, float>> counts) const;

 private:
  // The terms by column. Embed looks up each occurrence of each feature (~1,500 a record),
  // and std::unordered_map read a bucket and two nodes for each where a StringTable reads a
  // slot and the term it names.
  StringTable terms_;
  std::vector<float> idf_;
};

}  // namespace hilfsnetz::embed::internal
