// vector_bench: vector top-k against the machine's own memory bandwidth.
//
// Measures, in one run: (1) the cost of starting a thread per query vs waking the scan pool;
// (2) for N in 10k, 100k, 1M rows × 256 dims of random unit vectors: memory read bandwidth
// with 1 and 2 threads (streaming AVX2 sum over a buffer as large as the float32 matrix, run
// on a scan pool like TopK's, best of 7, re-measured for each N because other load changes),
// then the median time per top-10 query over 40 random queries after 3 warm-up queries for
// Eigen `M * q` + partial_sort (the baseline; Eigen compiled without -march, i.e. SSE2), the
// float32 kernel on 1 and 2 threads, the int8 scan and the int4 scan with exact float32
// re-scoring on 1 and 2 threads (default candidates); effective GB/s (bytes read / median
// time: the matrix for float32, the int8 copy for int8, the int4 copy plus the re-scored
// float32 rows for int4), % of the measured bandwidth, and recall@10 vs exact float32;
// (3) at 1M rows, int8 and int4 recall@10 and time against the number of re-scored
// candidates, on random data and on clustered data (1000 rows per cluster, loose and tight).
//
// Usage: vector_bench [--max-rows N]   (default 1000000; needs ~2.5 GB of RAM at 1M)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <immintrin.h>
#include <Eigen/Core>

#include "core/task_pool.h"
#include "vector/kernels.h"
#include "vector/vector_index.h"

namespace hv = hilfsnetz::vector;

namespace {

constexpr std::size_t kDim = 256;
constexpr std::size_t kK = 10;
constexpr int kQueries = 40;
constexpr int kWarmup = 3;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// splitmix64, and an approximately normal value from four 16-bit uniforms (Irwin–Hall).
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  float Normal() {
    const uint64_t r = Next();
    const double sum =
        static_cast<double>((r & 0xffff) + ((r >> 16) & 0xffff) + ((r >> 32) & 0xffff) + (r >> 48));
    return static_cast<float>((sum / 65536.0 - 2.0) * std::sqrt(3.0));  // mean 0, var 1
  }
};

void Normalise(float* v, std::size_t d) {
  double n2 = 0;
  for (std::size_t j = 0; j < d; ++j) n2 += double{v[j]} * v[j];
  const auto inv = static_cast<float>(1.0 / std::sqrt(std::max(n2, 1e-30)));
  for (std::size_t j = 0; j < d; ++j) v[j] *= inv;
}

std::vector<float> RandomUnit(std::size_t n, uint64_t seed) {
  std::vector<float> v(n * kDim);
  Rng rng{seed};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < kDim; ++j) v[i * kDim + j] = rng.Normal();
    Normalise(&v[i * kDim], kDim);
  }
  return v;
}

// Rows (and queries) drawn around `centers` cluster centres (always the same centres): centre
// + Gaussian noise of `noise` × the centre's norm, normalised. Neighbours then crowd together
// (the tighter, the more), the hard case for quantisation.
std::vector<float> Clustered(std::size_t n, std::size_t centers, float noise_level, uint64_t seed) {
  const std::vector<float> c = RandomUnit(centers, 99);
  std::vector<float> v(n * kDim);
  Rng rng{seed};
  const float noise = noise_level / std::sqrt(static_cast<float>(kDim));
  for (std::size_t i = 0; i < n; ++i) {
    const float* ci = &c[(rng.Next() % centers) * kDim];
    for (std::size_t j = 0; j < kDim; ++j) v[i * kDim + j] = ci[j] + noise * rng.Normal();
    Normalise(&v[i * kDim], kDim);
  }
  return v;
}

// Streaming read: integer sum with four AVX2 accumulators (integer adds reassociate freely,
// so this is bound by memory, not by an add chain).
__attribute__((target("avx2"))) uint64_t SumAvx2(const uint64_t* p, std::size_t n) {
  __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
  for (std::size_t i = 0; i + 16 <= n; i += 16) {
    a = _mm256_add_epi64(a, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i)));
    b = _mm256_add_epi64(b, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 4)));
    c = _mm256_add_epi64(c, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 8)));
    d = _mm256_add_epi64(d, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 12)));
  }
  alignas(32) uint64_t out[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(out),
                     _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d)));
  return out[0] + out[1] + out[2] + out[3];
}

struct Bandwidth {
  double best_gbs;
  double median_gbs;
};

using Buffer = std::vector<uint64_t, hv::internal::AlignedAllocator<uint64_t>>;

// Streaming read of the first `bytes` of buf (as many bytes as the matrix being compared),
// split in `threads` equal parts run on the same kind of persistent pool that TopK uses (the
// caller plus pool workers), best and median of 7.
double ReadOnce(const Buffer& buf, std::size_t bytes, int threads) {
  static hilfsnetz::TaskPool pool(1);
  static volatile uint64_t sink = 0;
  const std::size_t words = std::min(buf.size(), bytes / 8) / 64 * 64;
  std::vector<uint64_t> sums(static_cast<std::size_t>(threads));
  const std::size_t per = words / static_cast<std::size_t>(threads);
  const auto t0 = Clock::now();
  pool.ParallelFor(static_cast<std::size_t>(threads), static_cast<std::size_t>(threads),
                   [&](std::size_t i) { sums[i] = SumAvx2(buf.data() + i * per, per); });
  const double s = Seconds(t0, Clock::now());
  sink = sink + std::accumulate(sums.begin(), sums.end(), uint64_t{0});
  return static_cast<double>(per * static_cast<std::size_t>(threads) * 8) / s / 1e9;
}

Bandwidth MeasureBandwidth(const Buffer& buf, std::size_t bytes, int threads) {
  std::vector<double> gbs;
  for (int rep = 0; rep < 7; ++rep) gbs.push_back(ReadOnce(buf, bytes, threads));
  return {*std::max_element(gbs.begin(), gbs.end()), Median(gbs)};
}

struct Timing {
  double wall;    // median wall seconds per query
  double cpu;     // median CPU seconds of the calling thread per query (excludes time spent
                  // descheduled, which matters on a busy machine)
  double bw = 0;  // median GB/s of the bandwidth probe run right before each query, if any
};

// The 1-minute load average (other engineers compile on this machine; a row measured while the
// load was high is not comparable).
double LoadAverage() {
  double load = -1;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = -1;
    std::fclose(f);
  }
  return load;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Median time per call of fn(query index), after warm-up. With a probe, one streaming read
// (probe() = GB/s) runs right before each timed query, so that the bandwidth and the query
// are measured under the same outside load (this machine is shared) and compared median to
// median.
template <typename Fn>
Timing TimeQueries(const Fn& fn, const std::function<double()>& probe = {}) {
  for (int i = 0; i < kWarmup; ++i) fn(i);
  std::vector<double> wall, cpu, bw;
  for (int i = 0; i < kQueries; ++i) {
    if (probe) bw.push_back(probe());
    const double c0 = ThreadCpuSeconds();
    const auto t0 = Clock::now();
    fn(i);
    wall.push_back(Seconds(t0, Clock::now()));
    cpu.push_back(ThreadCpuSeconds() - c0);
  }
  return {Median(wall), Median(cpu), bw.empty() ? 0.0 : Median(bw)};
}

std::vector<uint32_t> BaselineTopK(const hv::VectorIndex& index, const float* q) {
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const Eigen::VectorXf> qv(q, static_cast<Eigen::Index>(kDim));
  Eigen::VectorXf scores(static_cast<Eigen::Index>(index.num_rows()));
  for (std::size_t c = 0; c < index.num_chunks(); ++c) {
    const std::size_t first = c * hv::VectorIndex::kChunkRows;
    const auto rows =
        static_cast<Eigen::Index>(std::min(hv::VectorIndex::kChunkRows, index.num_rows() - first));
    Eigen::Map<const RowMajor> m(index.chunk_floats(c), rows,
                                 static_cast<Eigen::Index>(index.float_stride()));
    scores.segment(static_cast<Eigen::Index>(first), rows) = m.leftCols(kDim) * qv;
  }
  std::vector<uint32_t> ids(index.num_rows());
  std::iota(ids.begin(), ids.end(), 0u);
  const std::size_t k = std::min(kK, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<long>(k), ids.end(),
                    [&](uint32_t a, uint32_t b) {
                      return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                    });
  ids.resize(k);
  return ids;
}

double Recall(const std::vector<hv::ScoredRow>& exact, const std::vector<hv::ScoredRow>& approx) {
  std::size_t hit = 0;
  for (const auto& a : approx) {
    for (const auto& e : exact) hit += (a.row == e.row) ? 1 : 0;
  }
  return exact.empty() ? 1.0 : static_cast<double>(hit) / static_cast<double>(exact.size());
}

hv::TopKOptions Int8(std::size_t candidates = 0) {
  return {.scan = hv::TopKOptions::Scan::kInt8Rescored, .rescore_candidates = candidates};
}

hv::TopKOptions Int4(std::size_t candidates = 0) {
  return {.scan = hv::TopKOptions::Scan::kInt4Rescored, .rescore_candidates = candidates};
}

// The default number of int4 candidates for k = kK (mirrors vector_index.cc, for the bytes
// column: the re-scoring reads that many float32 rows).
constexpr std::size_t kInt4DefaultCandidates = std::max<std::size_t>(kK * 10, 1000);

using Hits = std::vector<hv::ScoredRow>;

std::vector<Hits> ExactHits(const hv::VectorIndex& index, const std::vector<float>& queries) {
  std::vector<Hits> out;
  for (int i = 0; i < kQueries; ++i) {
    out.push_back(*index.TopK({&queries[static_cast<std::size_t>(i) * kDim], kDim}, kK));
  }
  return out;
}

double MeanRecall(const hv::VectorIndex& index, const std::vector<float>& queries,
                  const std::vector<Hits>& exact, const hv::TopKOptions& options) {
  double sum = 0;
  for (int i = 0; i < kQueries; ++i) {
    std::span<const float> q(&queries[static_cast<std::size_t>(i) * kDim], kDim);
    sum += Recall(exact[static_cast<std::size_t>(i)], *index.TopK(q, kK, nullptr, options));
  }
  return sum / kQueries;
}

void ThreadCosts() {
  std::vector<double> spawn, pool_wake;
  hilfsnetz::TaskPool pool(1);
  for (int i = 0; i < 300; ++i) {
    auto t0 = Clock::now();
    std::thread t([] {});
    t.join();
    spawn.push_back(Seconds(t0, Clock::now()));
    t0 = Clock::now();
    pool.ParallelFor(2, 2, [](std::size_t) {});
    pool_wake.push_back(Seconds(t0, Clock::now()));
  }
  std::printf(
      "per-query thread cost (median of 300): std::thread create+join %.1f us, "
      "pool wake+wait %.1f us\n\n",
      Median(spawn) * 1e6, Median(pool_wake) * 1e6);
}

// One table row. Bandwidth is re-measured right before the row (best of 7), because the load
// from other processes changes during the run.
void SizeRow(std::size_t n, const Buffer& buf) {
  hv::VectorIndex index = *hv::VectorIndex::Build(kDim, RandomUnit(n, 42 + n), {});
  const std::vector<float> queries = RandomUnit(kQueries, 7);
  auto q = [&](int i) {
    return std::span<const float>(&queries[static_cast<std::size_t>(i % kQueries) * kDim], kDim);
  };
  const hv::TopKOptions one{.max_threads = 1};
  hv::TopKOptions int8_one = Int8();
  int8_one.max_threads = 1;
  volatile std::size_t sink = 0;
  const std::size_t matrix_bytes = n * index.float_stride() * 4;
  const Bandwidth bw1 = MeasureBandwidth(buf, matrix_bytes, 1);
  const Bandwidth bw2 = MeasureBandwidth(buf, matrix_bytes, 2);
  // Paired reads only when the matrix is far larger than the 32 MB L3: for a cache-resident
  // matrix the read before each query would evict it (the 10k row is an in-cache figure).
  const bool paired = matrix_bytes >= (std::size_t{64} << 20);
  std::function<double()> probe1, probe2;
  if (paired) {
    probe1 = [&] { return ReadOnce(buf, matrix_bytes, 1); };
    probe2 = [&] { return ReadOnce(buf, matrix_bytes, 2); };
  }
  const Timing base =
      TimeQueries([&](int i) { sink = sink + BaselineTopK(index, q(i).data())[0]; });
  Timing f1 =
      TimeQueries([&](int i) { sink = sink + index.TopK(q(i), kK, 0, one)->size(); }, probe1);
  Timing f2 = TimeQueries([&](int i) { sink = sink + index.TopK(q(i), kK)->size(); }, probe2);
  const Timing i1 =
      TimeQueries([&](int i) { sink = sink + index.TopK(q(i), kK, 0, int8_one)->size(); });
  Timing i2 = TimeQueries(
      [&](int i) { sink = sink + index.TopK(q(i), kK, nullptr, Int8())->size(); }, probe2);
  hv::TopKOptions int4_one = Int4();
  int4_one.max_threads = 1;
  const Timing h1 =
      TimeQueries([&](int i) { sink = sink + index.TopK(q(i), kK, 0, int4_one)->size(); });
  Timing h2 = TimeQueries(
      [&](int i) { sink = sink + index.TopK(q(i), kK, nullptr, Int4())->size(); }, probe2);
  if (!paired) {
    f1.bw = bw1.best_gbs;
    f2.bw = i2.bw = h2.bw = bw2.best_gbs;
  }
  const double fbytes = static_cast<double>(n * index.float_stride() * 4);
  const double ibytes = static_cast<double>(n * kDim);
  // int4 bytes: the nibbles (kDim / 2 per row) plus the re-scored float32 rows.
  const double hbytes = static_cast<double>(n * kDim / 2 + std::min(n, kInt4DefaultCandidates) *
                                                               index.float_stride() * 4);
  auto gbs = [](double bytes, double s) { return bytes / s / 1e9; };
  const std::vector<Hits> exact = ExactHits(index, queries);
  auto pct = [&](double bytes, const Timing& t) { return 100 * gbs(bytes, t.wall) / t.bw; };
  std::printf(
      "| %7zu | %4.1f / %4.1f | %4.1f / %4.1f | %7.2f | %7.2f (%6.2f) | %5.1f | %3.0f%% "
      "| %7.2f | %5.1f | %3.0f%% "
      "| %6.2f (%5.2f) | %6.2f | %5.1f | %3.0f%% | %5.3f "
      "| %6.2f (%5.2f) | %6.2f | %5.1f | %3.0f%% | %5.3f | %4.2f |\n",
      n, bw1.best_gbs, f1.bw, bw2.best_gbs, f2.bw, base.wall * 1e3, f1.wall * 1e3, f1.cpu * 1e3,
      gbs(fbytes, f1.wall), pct(fbytes, f1), f2.wall * 1e3, gbs(fbytes, f2.wall), pct(fbytes, f2),
      i1.wall * 1e3, i1.cpu * 1e3, i2.wall * 1e3, gbs(ibytes, i2.wall), pct(ibytes, i2),
      MeanRecall(index, queries, exact, Int8()), h1.wall * 1e3, h1.cpu * 1e3, h2.wall * 1e3,
      gbs(hbytes, h2.wall), pct(hbytes, h2), MeanRecall(index, queries, exact, Int4()),
      LoadAverage());
}

void CandidateSweep(const char* label, const hv::VectorIndex& index,
                    const std::vector<float>& queries) {
  const std::vector<Hits> exact = ExactHits(index, queries);
  auto sweep = [&](const char* scan, std::initializer_list<std::size_t> counts,
                   hv::TopKOptions (*make)(std::size_t)) {
    for (std::size_t c : counts) {
      const double t =
          TimeQueries([&](int i) {
            std::span<const float> q(&queries[static_cast<std::size_t>(i % kQueries) * kDim], kDim);
            (void)index.TopK(q, kK, nullptr, make(c));
          }).wall;
      std::printf("| %-9s | %s | %5zu | %7.2f | %5.3f | %4.2f |\n", label, scan, c, t * 1e3,
                  MeanRecall(index, queries, exact, make(c)), LoadAverage());
    }
  };
  sweep("int8", {20, 100, 500}, &Int8);
  sweep("int4", {50, 100, 200, 500, 1000, 2000, 5000}, &Int4);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t max_rows = 1000000;
  if (argc == 3 && std::strcmp(argv[1], "--max-rows") == 0) max_rows = std::stoul(argv[2]);
  std::printf(
      "vector_bench: D=%zu, k=%zu, %d queries (median) after %d warm-up; kernels %s; "
      "%u hardware threads\n",
      kDim, kK, kQueries, kWarmup, hv::internal::BestKernels().name,
      std::thread::hardware_concurrency());
  {
    const Buffer buf(std::size_t{1} << 27, 1);  // 1 GiB, same allocator as the index
    ThreadCosts();
    std::printf(
        "random unit vectors. bw = memory read bandwidth (GB/s) of a streaming read as large as "
        "the float32 matrix: best of 7 just before the row / median of the paired reads (one "
        "right before each timed f32 query; not paired below 64 MB, where the best of 7 is "
        "used); %%bw = effective GB/s (bytes read / median time) "
        "over the median of the reads paired with that column's queries (1T: 1-thread reads, "
        "2T: 2-thread reads); (cpu) = median CPU ms of the calling thread; load = 1-min load "
        "average after the row, this process included\n");
    std::printf(
        "| rows | bw 1T best / paired | bw 2T best / paired | M*q+sort ms | f32 1T ms (cpu) "
        "| GB/s | %%bw | f32 2T ms | GB/s | %%bw | int8 1T ms (cpu) | int8 2T ms | GB/s | %%bw "
        "| int8 R@10 | int4 1T ms (cpu) "
        "| int4 2T ms "
        "| GB/s | %%bw | int4 R@10 | load |\n");
    std::printf(
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (std::size_t n : {10000, 100000, 1000000}) {
      if (n <= max_rows) SizeRow(n, buf);
    }
  }
  const std::size_t n = std::min<std::size_t>(max_rows, 1000000);
  std::printf("\nre-scored candidates vs recall@10 and time (2 threads), %zu rows\n", n);
  std::printf("| data      | scan | cands | ms      | R@10  | load |\n|---|---|---|---|---|---|\n");
  {
    hv::VectorIndex index = *hv::VectorIndex::Build(kDim, RandomUnit(n, 42 + n), {});
    CandidateSweep("random", index, RandomUnit(kQueries, 7));
  }
  const std::size_t centers = std::max<std::size_t>(n / 1000, 10);
  for (float noise : {0.75f, 0.25f}) {
    hv::VectorIndex index = *hv::VectorIndex::Build(kDim, Clustered(n, centers, noise, 5), {});
    CandidateSweep(noise > 0.5f ? "clust0.75" : "clust0.25", index,
                   Clustered(kQueries, centers, noise, 77));
  }
  return 0;
}
