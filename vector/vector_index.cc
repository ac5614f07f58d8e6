#include "vector/vector_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/task_pool.h"
#include "vector/kernels.h"
#include "vector/top_k.h"

namespace hilfsnetz::vector {
namespace {

using internal::AlignedAllocator;
using internal::BestKernels;
using internal::TopKCollector;

constexpr std::size_t kBlockRows = 64;  // one word of the live/filter bitsets
static_assert(VectorIndex::kChunkRows % kBlockRows == 0, "a block never spans two chunks");
// A block with at most this many passing rows is scored row by row (skipping the others'
// bytes); denser blocks are scored whole, which keeps the 4-row kernel busy.
constexpr int kSparseBlockRows = 16;
// Scans split across threads only in parts of at least this many rows: waking a pool worker
// costs ~7-9 µs (a new std::thread 25-36 µs; bench/vector_bench.cc on a busy 2-core machine),
// about the time to scan a few hundred rows of 256 floats from memory.
constexpr std::size_t kMinRowsPerPart = 4096;
// Default int8 candidates re-scored exactly: max(k * kOversample, kMinCandidates). At 1M × 256
// recall@10 was 1.000 already with 20 candidates on random and clustered data; 100 leaves a
// 5x margin, and re-scoring 100 rows costs ~0.1 ms (bench/README.md, "Vector top-k").
constexpr std::size_t kOversample = 10;
constexpr std::size_t kMinCandidates = 100;
// Default int4 candidates: max(k * kInt4Oversample, kInt4MinCandidates). int4 quantisation
// noise is ~16x the int8 one: at 1M rows, tight clusters of 1000 rows (bench/vector_bench.cc)
// need 1000 candidates for recall@10 1.000 (500 gave 0.967); on 200k clustered rows k = 50,
// 100, 200 reached 0.999-1.000 with 1000 and 1.000 with 2000, so the floor, not 100·k, is
// what matters (bench/README.md, "Vector top-k").
constexpr std::size_t kInt4Oversample = 10;
constexpr std::size_t kInt4MinCandidates = 1000;

std::size_t RoundUp(std::size_t n, std::size_t m) { return (n + m - 1) / m * m; }

bool AllFinite(std::span<const float> values) {
  return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

// Scores the rows of blocks [first_block, last_block) that are live and pass the filter, and
// offers them to `out`. score_rows(first_row, n, scores) fills n consecutive rows' scores.
template <typename ScoreRows>
void ScanBlocks(std::size_t first_block, std::size_t last_block, std::size_t num_rows,
                const uint64_t* live, const RowFilter* filter, const ScoreRows& score_rows,
                TopKCollector& out) {
  alignas(64) float scores[kBlockRows] = {};  // zero: AtLeastMask reads all 64
  for (std::size_t b = first_block; b < last_block; ++b) {
    uint64_t word = live[b];
    if (filter != nullptr) word &= filter->Word(b);
    if (word == 0) continue;
    const std::size_t base = b * kBlockRows;
    const bool sparse = std::popcount(word) <= kSparseBlockRows;
    if (!sparse) {
      score_rows(base, std::min(kBlockRows, num_rows - base), scores);
      // Once the collector is full, rows below its current k-th best can never enter (the
      // threshold only rises), so drop them here with a vector compare instead of one
      // WouldKeep call per row. (Not while it is filling: any score, even NaN, is kept then.)
      if (out.full()) word &= internal::AtLeastMask(scores, out.threshold());
    }
    for (uint64_t w = word; w != 0; w &= w - 1) {
      const int i = std::countr_zero(w);
      const auto row = static_cast<uint32_t>(base + static_cast<std::size_t>(i));
      if (sparse) score_rows(row, 1, &scores[i]);
      if (out.WouldKeep(row, scores[i]) && (filter == nullptr || filter->PassesPredicate(row))) {
        out.Offer(row, scores[i]);
      }
    }
  }
}

}  // namespace

struct VectorIndex::ScanPlan {
  std::size_t keep = 0;  // collector capacity
  const RowFilter* filter = nullptr;
  std::size_t parts = 1;
};

VectorIndex::VectorIndex(std::size_t dimension, const VectorIndexOptions& options)
    : dimension_(dimension),
      options_(options),
      float_stride_(RoundUp(dimension, internal::kFloatStrideAlign)),
      int8_stride_(RoundUp(dimension, internal::kInt8StrideAlign)),
      int4_stride_(RoundUp(dimension, 2 * internal::kInt4StrideAlign) / 2) {}

VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex::VectorIndex(const VectorIndex&) = default;
VectorIndex& VectorIndex::operator=(const VectorIndex&) = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

Result<VectorIndex> VectorIndex::Create(std::size_t dimension, const VectorIndexOptions& options) {
  if (dimension == 0 || dimension > kMaxDimension) {
    return InvalidArgumentError("vector dimension must be in [1, " + std::to_string(kMaxDimension) +
                                "], got " + std::to_string(dimension));
  }
  return VectorIndex(dimension, options);
}

Result<VectorIndex> VectorIndex::Build(std::size_t dimension, std::span<const float> rows,
                                       const VectorIndexOptions& options) {
  Result<VectorIndex> created = Create(dimension, options);
  if (!created.ok()) return created.status();
  VectorIndex index = std::move(created).value();
  if (rows.size() % dimension != 0) {
    return InvalidArgumentError("rows hold " + std::to_string(rows.size()) +
                                " floats, not a multiple of the dimension " +
                                std::to_string(dimension));
  }
  const std::size_t n = rows.size() / dimension;
  if (n >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgumentError("too many rows for uint32 row ids: " + std::to_string(n));
  }
  if (!AllFinite(rows)) return InvalidArgumentError("rows contain a non-finite value");
  index.Resize(n);
  const std::size_t parts = std::max<std::size_t>(1, std::min(options.scan_threads, n / 1024));
  index.RunParts(parts, [&](std::size_t part) {
    for (std::size_t r = n * part / parts; r < n * (part + 1) / parts; ++r) {
      index.StoreRow(r, rows.subspan(r * dimension, dimension));
    }
  });
  for (std::size_t r = 0; r < n; ++r) index.live_[r / 64] |= uint64_t{1} << (r % 64);
  index.num_live_ = n;
  return index;
}

void VectorIndex::Resize(std::size_t rows) {
  const std::size_t chunks = (rows + kChunkRows - 1) / kChunkRows;
  chunks_.resize(chunks);
  chunk_floats_.resize(chunks, nullptr);
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t n = std::min(kChunkRows, rows - c * kChunkRows);
    if (chunks_[c] && chunks_[c]->floats.size() == n * float_stride_) continue;  // full already
    Chunk& chunk = chunks_[c] ? Own(c) : *(chunks_[c] = std::make_shared<Chunk>());
    chunk.floats.resize(n * float_stride_, 0.0f);
    if (options_.int8) {
      chunk.int8s.resize(n * int8_stride_, 0);
      chunk.int8_scales.resize(n, 0.0f);
    }
    if (options_.int4) {
      chunk.int4s.resize(n * int4_stride_, 0);
      chunk.int4_params.resize(n);
    }
    chunk_floats_[c] = chunk.floats.data();
  }
  live_.resize((rows + 63) / 64, 0);
  num_rows_ = rows;
}

VectorIndex::Chunk& VectorIndex::Own(std::size_t c) {
  // use_count 1: no other index holds the chunk, and none can take it without copying this
  // index, which Set and Remove exclude. A stale count above 1 only costs a needless copy.
  if (chunks_[c].use_count() != 1) chunks_[c] = std::make_shared<Chunk>(*chunks_[c]);
  chunk_floats_[c] = chunks_[c]->floats.data();
  return *chunks_[c];
}

// Writes one row (normalised, quantised). Touches only that row's bytes, so distinct rows may
// be stored concurrently (Build does). REQUIRES: the row's chunk is this index's own (Own).
void VectorIndex::StoreRow(std::size_t row, std::span<const float> values) {
  Chunk& chunk = *chunks_[row >> kChunkShift];
  const std::size_t at = InChunk(row);
  float* dst = chunk.floats.data() + at * float_stride_;
  double norm2 = 0.0;
  for (float v : values) norm2 += double{v} * double{v};
  const float mul =
      options_.normalize && norm2 > 0.0 ? static_cast<float>(1.0 / std::sqrt(norm2)) : 1.0f;
  float max_abs = 0.0f;
  for (std::size_t j = 0; j < dimension_; ++j) {
    dst[j] = values[j] * mul;
    max_abs = std::max(max_abs, std::fabs(dst[j]));
  }
  if (options_.int4) StoreInt4(row);
  if (!options_.int8) return;
  // Symmetric quantisation to [-127, 127] (never -128: see the int8 kernel's saturation bound).
  int8_t* q = chunk.int8s.data() + at * int8_stride_;
  const float scale = max_abs / 127.0f;
  const float inv = max_abs > 0.0f ? 127.0f / max_abs : 0.0f;
  for (std::size_t j = 0; j < dimension_; ++j) {
    q[j] = static_cast<int8_t>(std::clamp(std::lrint(dst[j] * inv), -127L, 127L));
  }
  chunk.int8_scales[at] = scale;
}

// Per-row affine 4-bit quantisation: x ≈ lo + step · u, u in [0, 15], lo = min, step =
// (max - min) / 15, rounded to nearest. Nibble layout as in kernels.h (Int4RowParams).
void VectorIndex::StoreInt4(std::size_t row) {
  Chunk& rows = *chunks_[row >> kChunkShift];
  const std::size_t at = InChunk(row);
  const float* x = rows.floats.data() + at * float_stride_;
  float lo = x[0], hi = x[0];
  for (std::size_t j = 1; j < dimension_; ++j) {
    lo = std::min(lo, x[j]);
    hi = std::max(hi, x[j]);
  }
  // In double: hi - lo may overflow float for huge rows, and 1 / step for tiny ones.
  const double step = (double{hi} - double{lo}) / 15.0;
  const double inv = step > 0.0 ? 1.0 / step : 0.0;
  uint8_t* q = rows.int4s.data() + at * int4_stride_;
  std::fill_n(q, int4_stride_, uint8_t{0});
  for (std::size_t j = 0; j < dimension_; ++j) {
    const auto u =
        static_cast<uint8_t>(std::clamp(std::lrint((double{x[j]} - double{lo}) * inv), 0L, 15L));
    const std::size_t chunk = j / 64, within = j % 64;
    uint8_t& byte = q[chunk * 32 + within % 32];
    byte = static_cast<uint8_t>(within < 32 ? (byte & 0xF0) | u : (byte & 0x0F) | (u << 4));
  }
  rows.int4_params[at] = {lo, static_cast<float>(step)};
}

Status VectorIndex::Set(uint32_t row, std::span<const float> values) {
  if (values.size() != dimension_) {
    return InvalidArgumentError("vector has dimension " + std::to_string(values.size()) +
                                ", index has " + std::to_string(dimension_));
  }
  if (row == std::numeric_limits<uint32_t>::max()) {
    return InvalidArgumentError("row id 2^32-1 is reserved");
  }
  if (!AllFinite(values)) return InvalidArgumentError("vector contains a non-finite value");
  if (row >= num_rows_) Resize(std::size_t{row} + 1);
  Own(row >> kChunkShift);
  StoreRow(row, values);
  uint64_t& word = live_[row / 64];
  const uint64_t bit = uint64_t{1} << (row % 64);
  if ((word & bit) == 0) ++num_live_;
  word |= bit;
  return Status::Ok();
}

Status VectorIndex::Remove(uint32_t row) {
  if (row >= num_rows_) {
    return NotFoundError("row " + std::to_string(row) + " not in index of " +
                         std::to_string(num_rows_) + " rows");
  }
  uint64_t& word = live_[row / 64];
  const uint64_t bit = uint64_t{1} << (row % 64);
  if ((word & bit) != 0) --num_live_;
  word &= ~bit;
  return Status::Ok();
}

void VectorIndex::RunParts(std::size_t parts, const std::function<void(std::size_t)>& fn) const {
  TaskPool::Shared().ParallelFor(parts, parts, fn);
}

Result<std::vector<ScoredRow>> VectorIndex::TopK(std::span<const float> query, std::size_t k,
                                                 const RowFilter* filter,
                                                 const TopKOptions& options) const {
  if (query.size() != dimension_) {
    return InvalidArgumentError("query has dimension " + std::to_string(query.size()) +
                                ", index has " + std::to_string(dimension_));
  }
  if (!AllFinite(query)) return InvalidArgumentError("query contains a non-finite value");
  TopKOptions::Scan scan = options.scan;
  if (scan == TopKOptions::Scan::kAuto) {
    scan = num_live_ <= kAutoExactRows ? TopKOptions::Scan::kFloat32
           : options_.int4             ? TopKOptions::Scan::kInt4Rescored
           : options_.int8             ? TopKOptions::Scan::kInt8Rescored
                                       : TopKOptions::Scan::kFloat32;
  }
  if (scan == TopKOptions::Scan::kInt8Rescored && !options_.int8) {
    return FailedPreconditionError("int8 scan requested on an index built without int8");
  }
  if (scan == TopKOptions::Scan::kInt4Rescored && !options_.int4) {
    return FailedPreconditionError("int4 scan requested on an index built without int4");
  }
  ScanPlan plan;
  plan.keep = std::min(k, num_live_);
  if (plan.keep == 0) return std::vector<ScoredRow>{};
  plan.filter = filter;
  const std::size_t threads =
      std::min(options.max_threads == 0 ? options_.scan_threads : options.max_threads,
               TaskPool::Shared().size() + 1);
  plan.parts =
      std::clamp<std::size_t>(num_rows_ / kMinRowsPerPart, 1, std::max<std::size_t>(threads, 1));

  // The query, zero-padded to the stride and aligned for the kernels.
  std::vector<float, AlignedAllocator<float, 64>> padded(float_stride_, 0.0f);
  std::copy(query.begin(), query.end(), padded.begin());
  if (scan == TopKOptions::Scan::kFloat32) return ScanFloat(plan, padded.data());

  const bool int4 = scan == TopKOptions::Scan::kInt4Rescored;
  const std::size_t candidates = options.rescore_candidates != 0 ? options.rescore_candidates
                                 : int4 ? std::max(k * kInt4Oversample, kInt4MinCandidates)
                                        : std::max(k * kOversample, kMinCandidates);
  const std::size_t k_final = plan.keep;
  plan.keep = std::min(std::max(candidates, k_final), num_live_);
  return Rescore(int4 ? ScanInt4(plan, padded.data()) : ScanInt8(plan, padded.data()),
                 padded.data(), k_final, plan.parts);
}

// Exact re-scoring with the same kernel as the float32 scan, so scores match it bit for bit.
// Split across the scan's threads when there are many candidates (1000 random 1 KB rows take
// ~0.3 ms on one core); the result does not depend on the split.
std::vector<ScoredRow> VectorIndex::Rescore(const std::vector<ScoredRow>& candidates,
                                            const float* query, std::size_t k,
                                            std::size_t parts) const {
  constexpr std::size_t kMinCandidatesPerPart = 256;
  parts = std::clamp<std::size_t>(candidates.size() / kMinCandidatesPerPart, 1, parts);
  const internal::DotF32Fn dot = BestKernels().dot_f32;
  const auto row_bytes = static_cast<std::ptrdiff_t>(float_stride_ * sizeof(float));
  std::vector<std::vector<ScoredRow>> results(parts);
  RunParts(parts, [&](std::size_t part) {
    TopKCollector best(k);
    const std::size_t end = candidates.size() * (part + 1) / parts;
    constexpr std::size_t kAhead = 4;  // candidate rows are random accesses: fetch ahead
    for (std::size_t i = candidates.size() * part / parts; i < end; ++i) {
      if (i + kAhead < end) {
        const auto* next = reinterpret_cast<const char*>(Row(candidates[i + kAhead].row).data());
        for (std::ptrdiff_t b = 0; b < row_bytes; b += 64) __builtin_prefetch(next + b);
      }
      const ScoredRow& c = candidates[i];
      float score = 0.0f;
      dot(Row(c.row).data(), 1, float_stride_, query, &score);
      best.Offer(c.row, score);
    }
    results[part] = best.Take();
  });
  return internal::MergeTopK(std::move(results), k);
}

template <typename ScoreRows>
std::vector<ScoredRow> VectorIndex::ScanParts(const ScanPlan& plan,
                                              const ScoreRows& score_rows) const {
  const std::size_t blocks = (num_rows_ + kBlockRows - 1) / kBlockRows;
  std::vector<std::vector<ScoredRow>> results(plan.parts);
  RunParts(plan.parts, [&](std::size_t part) {
    TopKCollector out(plan.keep);
    ScanBlocks(blocks * part / plan.parts, blocks * (part + 1) / plan.parts, num_rows_,
               live_.data(), plan.filter, score_rows, out);
    results[part] = out.Take();
  });
  // The global best plan.keep (not the union of each part's best, which would depend on how
  // the rows were split between threads).
  return internal::MergeTopK(std::move(results), plan.keep);
}

std::vector<ScoredRow> VectorIndex::ScanFloat(const ScanPlan& plan, const float* query) const {
  const internal::DotF32Fn dot = BestKernels().dot_f32;
  // A block of rows never spans two chunks (kChunkRows is a multiple of kBlockRows).
  return ScanParts(plan, [&](std::size_t first, std::size_t n, float* scores) {
    dot(ChunkOf(first).floats.data() + InChunk(first) * float_stride_, n, float_stride_, query,
        scores);
  });
}

std::vector<ScoredRow> VectorIndex::ScanInt8(const ScanPlan& plan, const float* query) const {
  // Quantise the query symmetrically, like the rows (see StoreRow).
  std::vector<int8_t, AlignedAllocator<int8_t, 64>> values(int8_stride_, 0);
  std::vector<uint8_t, AlignedAllocator<uint8_t, 64>> abs_values(int8_stride_, 0);
  float max_abs = 0.0f;
  for (std::size_t j = 0; j < dimension_; ++j) max_abs = std::max(max_abs, std::fabs(query[j]));
  const float inv = max_abs > 0.0f ? 127.0f / max_abs : 0.0f;
  for (std::size_t j = 0; j < dimension_; ++j) {
    const long v = std::clamp(std::lrint(query[j] * inv), -127L, 127L);
    values[j] = static_cast<int8_t>(v);
    abs_values[j] = static_cast<uint8_t>(v < 0 ? -v : v);
  }
  const internal::Int8Query q{values.data(), abs_values.data(), max_abs / 127.0f};

  const internal::DotI8Fn dot = BestKernels().dot_i8;
  return ScanParts(plan, [&](std::size_t first, std::size_t n, float* scores) {
    const Chunk& c = ChunkOf(first);
    const std::size_t at = InChunk(first);
    dot(c.int8s.data() + at * int8_stride_, n, int8_stride_, q, c.int8_scales.data() + at, scores);
  });
}

std::vector<ScoredRow> VectorIndex::ScanInt4(const ScanPlan& plan, const float* query) const {
  // Quantise the query symmetrically to int8 (the kernel multiplies nibbles × int8), in plain
  // dimension order, zero-padded to the int4 row's 2 · int4_stride_ dimensions.
  std::vector<int8_t, AlignedAllocator<int8_t, 64>> values(2 * int4_stride_, 0);
  float max_abs = 0.0f;
  double sum = 0.0;
  for (std::size_t j = 0; j < dimension_; ++j) {
    max_abs = std::max(max_abs, std::fabs(query[j]));
    sum += double{query[j]};
  }
  const float inv = max_abs > 0.0f ? 127.0f / max_abs : 0.0f;
  for (std::size_t j = 0; j < dimension_; ++j) {
    values[j] = static_cast<int8_t>(std::clamp(std::lrint(query[j] * inv), -127L, 127L));
  }
  const internal::Int4Query q{values.data(), max_abs / 127.0f, static_cast<float>(sum)};

  const internal::DotI4Fn dot = BestKernels().dot_i4;
  return ScanParts(plan, [&](std::size_t first, std::size_t n, float* scores) {
    const Chunk& c = ChunkOf(first);
    const std::size_t at = InChunk(first);
    dot(c.int4s.data() + at * int4_stride_, n, int4_stride_, q, c.int4_params.data() + at, scores);
  });
}

}  // namespace hilfsnetz::vector
