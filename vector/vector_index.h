// VectorIndex: exact top-k by inner product over an in-memory float32 matrix.
//
// Holds N rows × D float32 values, row-major in chunks of kChunkRows rows, each chunk one
// contiguous 64-byte-aligned buffer (the row stride is D rounded up to 16 floats, padding
// zero). Chunks are shared between copies and copied on write: a copy of the index costs a
// pointer per chunk, and Set on the copy copies only the chunk it writes (that is how a search
// snapshot is patched per commit without copying the whole matrix; ranking/semantic_index.h).
// Row ids are dense uint32 values; the caller maps them to documents. Rows may be L2-normalised on
// the way in (VectorIndexOptions::normalize), which makes the inner product the cosine similarity.
//
//   auto index = VectorIndex::Build(256, flat_rows, {});   // flat_rows.size() == N * 256
//   if (!index.ok()) return index.status();
//   auto hits = index->TopK(query, 10);                      // best first
//
// TopK is exact by default: it scores every live row that passes the filter (AVX2+FMA kernel
// when the CPU has it, chosen at run time; the library is built without -march) and keeps the
// best k per thread, splitting large scans across the process's worker pool. Two
// quantised pre-scans trade exactness of the membership for bytes read: kInt8Rescored reads a
// symmetric per-row int8 copy (a quarter of the float32 bytes), kInt4Rescored a per-row affine
// 4-bit copy (an eighth); both keep the best `rescore_candidates` by their approximate score
// (filters and tombstones applied before that cut) and re-score those exactly in float32, so
// the returned scores are always exact float32 inner products; only the membership of the top
// k may differ from the float32 scan. kAuto picks by size: float32 up to kAutoExactRows live
// rows, int4 above (recall@10 and timings in bench/README.md, "Vector top-k").
//
// Results are sorted by score descending, then row ascending, and are deterministic: the same
// index and query give the same rows and scores whatever the thread count.
//
// Thread-safety: const methods (TopK, Row, ...) and copying may run concurrently with each
// other. Set and Remove mutate the index and need external exclusion against every other call
// on it (one writer, e.g. patch a copy and swap it, or hold a lock); they never change a chunk
// another copy shares. A moved-from index may only be destroyed or
// assigned to. Memory: 4·N·D bytes, plus N·D bytes when int8 is enabled, plus N·D/2 + 8·N
// bytes when int4 is enabled, plus N/8 bytes of tombstones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "vector/aligned_allocator.h"
#include "vector/row_filter.h"

namespace hilfsnetz::vector {

namespace internal {
struct Int4RowParams;
}

struct ScoredRow {
  uint32_t row = 0;
  float score = 0.0f;
  friend bool operator==(const ScoredRow&, const ScoredRow&) = default;
};

struct VectorIndexOptions {
  // Scale every row to unit L2 norm when it is stored (all-zero rows stay zero). Off: rows are
  // stored as given. The query is never normalised (that would not change the ranking).
  bool normalize = true;
  // Keep a per-row int8 copy for TopKOptions::Scan::kInt8Rescored (costs N·D bytes).
  bool int8 = true;
  // Keep a per-row int4 copy for TopKOptions::Scan::kInt4Rescored (costs N·D/2 bytes plus 8
  // bytes per row). Also what kAuto uses on large indexes.
  bool int4 = true;
  // Threads a single TopK may use, including the caller (1 = the calling thread only); the
  // helpers are workers of the process's TaskPool (core/task_pool.h) that are free.
  std::size_t scan_threads = 2;
};

struct TopKOptions {
  enum class Scan {
    kFloat32,       // exact scan of the float32 rows
    kInt8Rescored,  // int8 scan for candidates, exact float32 re-scoring of the candidates
    kInt4Rescored,  // int4 scan for candidates, exact float32 re-scoring of the candidates
    // kFloat32 up to kAutoExactRows live rows; above, kInt4Rescored if the index keeps the
    // int4 copy, else kInt8Rescored if it keeps the int8 copy, else kFloat32.
    kAuto,
  };
  Scan scan = Scan::kFloat32;
  // Upper bound on threads for this call; 0 = VectorIndexOptions::scan_threads.
  std::size_t max_threads = 0;
  // kInt8Rescored / kInt4Rescored only: candidates re-scored exactly; 0 = the default,
  // max(k * 10, 100) for int8 and max(k * 10, 1000) for int4 (chosen by measurement in
  // bench/vector_bench.cc; see bench/README.md).
  std::size_t rescore_candidates = 0;
};

class VectorIndex {
 public:
  // Dimensions are limited so that int8 dot products cannot overflow int32.
  static constexpr std::size_t kMaxDimension = 65536;
  // TopKOptions::Scan::kAuto scans exactly (float32) up to this many live rows.
  static constexpr std::size_t kAutoExactRows = 20000;
  // Rows per chunk of storage, a multiple of the scans' 64-row blocks. At 256 dimensions a
  // chunk holds 8 MiB of float32 (plus 1 MiB of int4), what one Set on a shared copy copies
  // (a few milliseconds), and large enough for transparent huge pages (aligned_allocator.h),
  // which the scans had when the matrix was one buffer.
  static constexpr std::size_t kChunkShift = 13;
  static constexpr std::size_t kChunkRows = std::size_t{1} << kChunkShift;

  // An empty index of the given dimension.
  // Errors: InvalidArgument if dimension is 0 or > kMaxDimension.
  static Result<VectorIndex> Create(std::size_t dimension, const VectorIndexOptions& options);

  // An index whose row r is rows[r * dimension, (r + 1) * dimension); all rows live.
  // Errors: InvalidArgument if the dimension is invalid, rows.size() is not a multiple of it,
  // there would be more than 2^32 - 1 rows, or a value is not finite.
  static Result<VectorIndex> Build(std::size_t dimension, std::span<const float> rows,
                                   const VectorIndexOptions& options);

  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;
  // A copy (e.g. to patch a few rows of a shared snapshot with Set and Remove).
  VectorIndex(const VectorIndex&);
  VectorIndex& operator=(const VectorIndex&);
  ~VectorIndex();

  std::size_t dimension() const { return dimension_; }
  // Row ids in use are [0, num_rows()); some may be tombstones.
  std::size_t num_rows() const { return num_rows_; }
  std::size_t num_live_rows() const { return num_live_; }
  bool IsLive(uint32_t row) const {
    return row < num_rows_ && ((live_[row / 64] >> (row % 64)) & 1u);
  }

  // Stores `values` as row `row` (normalised if the options say so) and makes it live. Rows
  // between the old num_rows() and `row` are created as tombstones.
  // Errors: InvalidArgument on a dimension mismatch, a non-finite value, or row == 2^32 - 1.
  Status Set(uint32_t row, std::span<const float> values);

  // Marks `row` as a tombstone: it is never returned again until Set. Removing a tombstone is
  // a no-op. Errors: NotFound if row >= num_rows().
  Status Remove(uint32_t row);

  // The best min(k, passing live rows) rows by inner product with `query`, best first (score
  // descending, row ascending). `filter` may be null (all live rows pass); it is not retained.
  // Errors: InvalidArgument if query.size() != dimension() or a value is not finite;
  // FailedPrecondition for kInt8Rescored (kInt4Rescored) on an index built with int8 = false
  // (int4 = false).
  // Complexity: O(N·D / threads) reads; a bitset filter skips 64-row blocks with no passing row.
  Result<std::vector<ScoredRow>> TopK(std::span<const float> query, std::size_t k,
                                      const RowFilter* filter = nullptr,
                                      const TopKOptions& options = {}) const;

  // The stored (possibly normalised) values of `row`, dimension() floats.
  // REQUIRES: row < num_rows(). Valid until the next Set on this index.
  std::span<const float> Row(uint32_t row) const {
    return {chunk_floats_[row >> kChunkShift] + (row & (kChunkRows - 1)) * float_stride_,
            dimension_};
  }
  // Floats between consecutive rows in a chunk (>= dimension()), and chunk `c`'s rows
  // [c · kChunkRows, min(num_rows(), (c + 1) · kChunkRows)) as one buffer, for callers that
  // map the matrix (e.g. benchmarks comparing against Eigen).
  std::size_t float_stride() const { return float_stride_; }
  std::size_t num_chunks() const { return chunks_.size(); }
  const float* chunk_floats(std::size_t c) const { return chunk_floats_[c]; }

 private:
  template <typename T>
  using AlignedVector = std::vector<T, internal::AlignedAllocator<T, 64>>;
  struct ScanPlan;
  // Rows [c · kChunkRows, c · kChunkRows + rows) of the matrix and of its quantised copies.
  struct Chunk {
    AlignedVector<float> floats;     // rows × float_stride_
    AlignedVector<int8_t> int8s;     // rows × int8_stride_, if options_.int8
    std::vector<float> int8_scales;  // per row: row ≈ int8 values × scale
    AlignedVector<uint8_t> int4s;    // rows × int4_stride_ (kernels.h layout), if int4
    std::vector<internal::Int4RowParams> int4_params;  // per row: row ≈ lo + step × nibbles
  };

  VectorIndex(std::size_t dimension, const VectorIndexOptions& options);
  void Resize(std::size_t rows);
  // Makes chunk `c` this index's own (a copy if another index shares it), to be written.
  Chunk& Own(std::size_t c);
  const Chunk& ChunkOf(std::size_t row) const { return *chunks_[row >> kChunkShift]; }
  static std::size_t InChunk(std::size_t row) { return row & (kChunkRows - 1); }
  void StoreRow(std::size_t row, std::span<const float> values);
  void StoreInt4(std::size_t row);
  // Splits the blocks into plan.parts, scores each part with score_rows(first_row, n, scores)
  // on the pool, and keeps the global best plan.keep (defined and used in vector_index.cc).
  template <typename ScoreRows>
  std::vector<ScoredRow> ScanParts(const ScanPlan& plan, const ScoreRows& score_rows) const;
  std::vector<ScoredRow> ScanFloat(const ScanPlan& plan, const float* query) const;
  std::vector<ScoredRow> ScanInt8(const ScanPlan& plan, const float* query) const;
  std::vector<ScoredRow> ScanInt4(const ScanPlan& plan, const float* query) const;
  std::vector<ScoredRow> Rescore(const std::vector<ScoredRow>& candidates, const float* query,
                                 std::size_t k, std::size_t parts) const;
  void RunParts(std::size_t parts, const std::function<void(std::size_t)>& fn) const;

  std::size_t dimension_ = 0;
  VectorIndexOptions options_;
  std::size_t float_stride_ = 0;
  std::size_t int8_stride_ = 0;
  std::size_t num_rows_ = 0;
  std::size_t num_live_ = 0;
  std::size_t int4_stride_ = 0;  // bytes per int4 row
  // Immutable while shared (use_count > 1): Own copies before writing.
  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::vector<const float*> chunk_floats_;  // chunks_[c]->floats.data(), for Row
  std::vector<uint64_t> live_;              // bit per row; padding bits zero
};

}  // namespace hilfsnetz::vector
