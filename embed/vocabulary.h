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

  int size() const { return static_cast<int>(terms_.size()); }
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<float>& idf() const { return idf_; }
  // The column of `feature`, or -1.
  int Find(const std::string& feature) const;

  // The TF-IDF row of a text's feature counts; unknown features are dropped; empty when none
  // is known.
  SparseRow Weigh(const FeatureCounts& counts) const;
  // The same from (column, count) pairs with distinct columns in any order.
  SparseRow WeighColumns(std::vector<std::pair<int, float>> counts) const;

 private:
  std::vector<std::string> terms_;
  std::vector<float> idf_;
  // The terms by hash, open addressing with linear probing, at most half full: Embed looks up
  // each occurrence of each feature (~1,500 a record), and std::unordered_map read a bucket
  // and two nodes for each where this reads a slot and the term it names. A slot is the
  // hash's upper 32 bits << 32 | (column + 1), 0 when empty.
  std::vector<uint64_t> slots_;
};

}  // namespace hilfsnetz::embed::internal
