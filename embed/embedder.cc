#include "embed/embedder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <Eigen/Core>

#include "core/status.h"
#include "embed/features.h"
#include "embed/parallel.h"
#include "embed/randomized_svd.h"

namespace hilfsnetz::embed {
namespace {

using internal::FeatureCounts;
using internal::SparseRow;
using internal::SparseRowMajor;
using internal::Vocabulary;

Status ValidateOptions(const EmbedderOptions& o) {
  if (o.dimensions < 1) return InvalidArgumentError("embedder: dimensions must be >= 1");
  if (o.max_features < 1) return InvalidArgumentError("embedder: max_features must be >= 1");
  if (o.min_df < 1) return InvalidArgumentError("embedder: min_df must be >= 1");
  if (o.power_iterations < 0) {
    return InvalidArgumentError("embedder: power_iterations must be >= 0");
  }
  if (o.oversampling < 0) return InvalidArgumentError("embedder: oversampling must be >= 0");
  if (o.threads < 0) return InvalidArgumentError("embedder: threads must be >= 0");
  return Status::Ok();
}

// The features of a contiguous slice of the corpus, interned with slice-local ids so that
// slices can be analysed in parallel and only distinct feature strings are kept in memory.
struct Slice {
  size_t begin = 0;                                      // index of the first document
  std::unordered_map<std::string, int> ids;              // feature -> local id
  std::vector<uint32_t> df;                              // local id -> document frequency
  std::vector<std::vector<std::pair<int, float>>> docs;  // (local id, weighted count)
};

Slice ExtractSlice(const std::vector<EmbedInput>& corpus, size_t begin, size_t end) {
  Slice slice;
  slice.begin = begin;
  slice.docs.resize(end - begin);
  for (size_t i = begin; i < end; ++i) {
    const FeatureCounts features = internal::DocumentFeatures(corpus[i]);
    std::vector<std::pair<int, float>>& doc = slice.docs[i - begin];
    doc.reserve(features.size());
    for (const auto& [feature, count] : features) {
      const auto [it, inserted] =
          slice.ids.try_emplace(feature, static_cast<int>(slice.ids.size()));
      if (inserted) slice.df.push_back(0);
      ++slice.df[static_cast<size_t>(it->second)];
      doc.emplace_back(it->second, count);
    }
  }
  return slice;
}

// Turns a slice's documents into TF-IDF rows over `vocabulary`, releasing them as it goes.
void WeighSlice(const Vocabulary& vocabulary, Slice& slice, SparseRow* rows) {
  std::vector<int> column(slice.df.size(), -1);
  for (const auto& [feature, id] : slice.ids) {
    column[static_cast<size_t>(id)] = vocabulary.Find(feature);
  }
  slice.ids.clear();
  for (size_t i = 0; i < slice.docs.size(); ++i) {
    std::vector<std::pair<int, float>> counts;
    counts.reserve(slice.docs[i].size());
    for (const auto& [id, count] : slice.docs[i]) {
      const int col = column[static_cast<size_t>(id)];
      if (col >= 0) counts.emplace_back(col, count);
    }
    std::vector<std::pair<int, float>>().swap(slice.docs[i]);
    rows[i] = vocabulary.WeighColumns(std::move(counts));
  }
}

// A text's features summed straight into the columns of a vocabulary, without the map of
// feature names DocumentFeatures builds (a node and a string copy per distinct feature, then a
// second lookup by name): a column's sum starts at 0 and adds each occurrence in the order
// they come, so it is the float a FeatureCounts entry has.
class ColumnSink final : public internal::FeatureSink {
 public:
  explicit ColumnSink(const Vocabulary& vocabulary)
      : vocabulary_(vocabulary), sums_(static_cast<size_t>(vocabulary.size()), 0.0f) {}

  void Add(const std::string& feature, float weight) override {
    const int col = vocabulary_.Find(feature);
    if (col < 0) return;
    float& sum = sums_[static_cast<size_t>(col)];
    if (sum == 0.0f) touched_.push_back(col);  // first seen (or weighed 0 so far: unique below)
    sum += weight;
  }

  // (column, summed weight) of each column added, ascending.
  std::vector<std::pair<int, float>> Counts() {
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
    std::vector<std::pair<int, float>> out;
    out.reserve(touched_.size());
    for (int col : touched_) out.emplace_back(col, sums_[static_cast<size_t>(col)]);
    return out;
  }

 private:
  const Vocabulary& vocabulary_;
  std::vector<float> sums_;   // by column
  std::vector<int> touched_;  // the columns added
};

// The TF-IDF row of the features `add_features` gives a ColumnSink.
template <typename AddFeatures>
SparseRow RowOf(const Vocabulary& vocabulary, AddFeatures add_features) {
  ColumnSink sink(vocabulary);
  add_features(sink);
  return vocabulary.WeighColumns(sink.Counts());
}

// The N x F TF-IDF matrix; empties `rows`.
SparseRowMajor BuildMatrix(std::vector<SparseRow>& rows, int num_features) {
  SparseRowMajor a(static_cast<Eigen::Index>(rows.size()), num_features);
  Eigen::VectorXi sizes(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    sizes[static_cast<Eigen::Index>(i)] = static_cast<int>(rows[i].cols.size());
  }
  a.reserve(sizes);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].cols.size(); ++j) {
      a.insert(static_cast<Eigen::Index>(i), rows[i].cols[j]) = rows[i].values[j];
    }
    std::vector<int>().swap(rows[i].cols);
    std::vector<float>().swap(rows[i].values);
  }
  a.makeCompressed();
  return a;
}

// Features of the whole corpus in contiguous slices, one per thread.
std::vector<Slice> ExtractAll(const std::vector<EmbedInput>& corpus, int threads) {
  const size_t n = corpus.size();
  const size_t parts = std::min(n, static_cast<size_t>(threads));
  const size_t step = (n + parts - 1) / parts;
  const size_t num_slices = (n + step - 1) / step;  // e.g. n = 5, 4 threads: 3 slices of 2
  std::vector<Slice> slices(num_slices);
  internal::ParallelFor(num_slices, threads, [&](size_t begin, size_t end) {
    for (size_t s = begin; s < end; ++s) {
      slices[s] = ExtractSlice(corpus, s * step, std::min(n, (s + 1) * step));
    }
  });
  return slices;
}

Vocabulary SelectVocabulary(const std::vector<Slice>& slices, size_t num_docs,
                            const EmbedderOptions& options) {
  std::unordered_map<std::string, uint32_t> df;
  for (const Slice& slice : slices) {
    for (const auto& [feature, id] : slice.ids) df[feature] += slice.df[static_cast<size_t>(id)];
  }
  return Vocabulary::Select(df, num_docs, options.min_df, options.max_features);
}

}  // namespace

Result<TrainResult> Embedder::Train(const std::vector<EmbedInput>& corpus,
                                    const EmbedderOptions& options) {
  if (corpus.empty()) return InvalidArgumentError("embedder: empty corpus");
  if (Status s = ValidateOptions(options); !s.ok()) return s;
  const int threads = internal::ResolveThreads(options.threads);
  const size_t n = corpus.size();

  std::vector<Slice> slices = ExtractAll(corpus, threads);
  Embedder embedder;
  embedder.options_ = options;
  embedder.vocabulary_ = SelectVocabulary(slices, n, options);
  const int num_features = embedder.vocabulary_.size();
  if (num_features == 0) {
    return InvalidArgumentError(
        "embedder: no feature occurs in min_df=" + std::to_string(options.min_df) + " of " +
        std::to_string(n) + " documents (corpus too small)");
  }

  std::vector<SparseRow> rows(n);
  internal::ParallelFor(slices.size(), threads, [&](size_t begin, size_t end) {
    for (size_t s = begin; s < end; ++s) {
      WeighSlice(embedder.vocabulary_, slices[s], &rows[slices[s].begin]);
    }
  });
  slices.clear();
  size_t nnz = 0;
  for (const SparseRow& row : rows) nnz += row.cols.size();
  if (nnz > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return ResourceExhaustedError("embedder: corpus too large (" + std::to_string(nnz) +
                                  " TF-IDF entries; Eigen's int indices hold 2^31 - 1)");
  }
  const SparseRowMajor a = BuildMatrix(rows, num_features);

  internal::SvdOptions svd_options;
  svd_options.rank = static_cast<int>(std::min<size_t>(
      {static_cast<size_t>(options.dimensions), n, static_cast<size_t>(num_features)}));
  svd_options.oversampling = options.oversampling;
  svd_options.power_iterations = options.power_iterations;
  svd_options.seed = options.seed;
  svd_options.threads = threads;
  const internal::TruncatedSvd svd = internal::RandomizedSvd(a, svd_options);
  embedder.dimensions_ = svd_options.rank;
  embedder.basis_.assign(svd.v.data(), svd.v.data() + svd.v.size());

  // Document vectors through the same projection as Embed() (so they are bit-identical).
  TrainResult result{std::move(embedder), std::vector<std::vector<float>>(n)};
  const int* outer = a.outerIndexPtr();
  internal::ParallelFor(n, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const auto from = static_cast<size_t>(outer[i]);
      const auto count = static_cast<size_t>(outer[i + 1] - outer[i]);
      result.vectors[i] =
          result.embedder.Project({a.innerIndexPtr() + from, count}, {a.valuePtr() + from, count});
    }
  });
  return result;
}

std::vector<float> Embedder::Embed(const EmbedInput& input) const {
  const SparseRow row =
      RowOf(vocabulary_, [&](ColumnSink& sink) { internal::AddInputFeatures(input, sink); });
  return Project(row.cols, row.values);
}

std::vector<float> Embedder::Embed(const AnalysedInput& input) const {
  const SparseRow row =
      RowOf(vocabulary_, [&](ColumnSink& sink) { internal::AddDocumentFeatures(input, sink); });
  return Project(row.cols, row.values);
}

std::vector<float> Embedder::EmbedQuery(std::string_view text) const {
  const SparseRow row = vocabulary_.Weigh(internal::QueryFeatures(text));
  return Project(row.cols, row.values);
}

std::vector<float> Embedder::Project(std::span<const int> cols,
                                     std::span<const float> values) const {
  const auto k = static_cast<size_t>(dimensions_);
  std::vector<float> out(k, 0.0f);
  // One vectorised axpy per feature (Eigen maps; a plain loop is not vectorised at -O2).
  Eigen::Map<Eigen::VectorXf> acc(out.data(), dimensions_);
  for (size_t j = 0; j < cols.size(); ++j) {
    acc.noalias() += values[j] * Eigen::Map<const Eigen::VectorXf>(
                                     basis_.data() + static_cast<size_t>(cols[j]) * k, dimensions_);
  }
  double norm2 = 0.0;
  for (float x : out) norm2 += static_cast<double>(x) * x;
  if (norm2 > 0.0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (float& x : out) x *= inv;
  }
  return out;
}

}  // namespace hilfsnetz::embed
