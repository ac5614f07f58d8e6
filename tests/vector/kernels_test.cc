#include "vector/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "vector/aligned_allocator.h"
#include "vector/scan_pool.h"

namespace hilfsnetz::vector::internal {
namespace {

template <typename T>
using Aligned = std::vector<T, AlignedAllocator<T, 64>>;

TEST(Kernels, Avx2MatchesPortable) {
  if (!CpuHasAvx2Fma()) GTEST_SKIP() << "no AVX2+FMA on this CPU";
  const Kernels& fast = BestKernels();
  const Kernels& slow = PortableKernels();
  constexpr std::size_t kStride = 96, kRows = 23;  // 23: the 4-row path plus a tail
  std::mt19937 rng(4);
  std::uniform_int_distribution<int> pick(-127, 127);
  Aligned<float> rows(kRows * kStride), query(kStride);
  Aligned<int8_t> rows8(kRows * kStride), q8(kStride);
  Aligned<uint8_t> q8abs(kStride);
  std::vector<float> scales(kRows);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows8[i] = static_cast<int8_t>(pick(rng));
    rows[i] = static_cast<float>(rows8[i]) / 127.0f;
  }
  for (std::size_t j = 0; j < kStride; ++j) {
    q8[j] = static_cast<int8_t>(pick(rng));
    q8abs[j] = static_cast<uint8_t>(std::abs(q8[j]));
    query[j] = static_cast<float>(q8[j]) / 127.0f;
  }
  for (std::size_t i = 0; i < kRows; ++i) scales[i] = 0.5f + static_cast<float>(i);
  std::vector<float> a(kRows), b(kRows), one(1);
  fast.dot_f32(rows.data(), kRows, kStride, query.data(), a.data());
  slow.dot_f32(rows.data(), kRows, kStride, query.data(), b.data());
  for (std::size_t i = 0; i < kRows; ++i) {
    EXPECT_NEAR(a[i], b[i], 1e-4) << i;
    fast.dot_f32(rows.data() + i * kStride, 1, kStride, query.data(), one.data());
    EXPECT_EQ(one[0], a[i]) << "a row's score must not depend on its block";
  }
  const Int8Query q{q8.data(), q8abs.data(), 0.25f};
  fast.dot_i8(rows8.data(), kRows, kStride, q, scales.data(), a.data());
  slow.dot_i8(rows8.data(), kRows, kStride, q, scales.data(), b.data());
  for (std::size_t i = 0; i < kRows; ++i) EXPECT_EQ(a[i], b[i]) << i;  // integer sums: exact
}

TEST(ScanPool, RunsEveryPartOnceAndSurvivesConcurrentCallers) {
  ScanPool pool(1);
  std::vector<std::thread> callers;
  std::vector<std::vector<int>> hits(3, std::vector<int>(16, 0));
  for (std::size_t c = 0; c < 3; ++c) {
    callers.emplace_back([&, c] {
      for (int round = 0; round < 200; ++round) {
        pool.Run(16, [&](std::size_t i) { ++hits[c][i]; });
      }
    });
  }
  for (auto& t : callers) t.join();
  for (const auto& h : hits) EXPECT_EQ(h, std::vector<int>(16, 200));
}

}  // namespace
}  // namespace hilfsnetz::vector::internal
