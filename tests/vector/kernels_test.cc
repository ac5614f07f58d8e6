#include "vector/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "vector/aligned_allocator.h"

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

// Decodes one int4 row (kernels.h layout) and returns the exact integer dot with `values`.
int32_t NaiveInt4Dot(const uint8_t* row, std::size_t stride, const int8_t* values) {
  int32_t acc = 0;
  for (std::size_t j = 0; j < 2 * stride; ++j) {
    const std::size_t chunk = j / 64, within = j % 64;
    const uint8_t byte = row[chunk * 32 + within % 32];
    const int u = within < 32 ? (byte & 15) : (byte >> 4);
    acc += u * values[j];
  }
  return acc;
}

TEST(Kernels, Int4MatchesNaiveAndPortableBitForBit) {
  // 96 bytes: three 32-byte chunks (less than one int16 group); 160: a full group of four
  // plus one; 23 rows: the 4-row path plus a tail.
  for (std::size_t stride : {32, 96, 160}) {
    constexpr std::size_t kRows = 23;
    std::mt19937 rng(static_cast<uint32_t>(stride));
    std::uniform_int_distribution<int> byte(0, 255), value(-127, 127);
    std::uniform_real_distribution<float> real(-1.0f, 1.0f);
    Aligned<uint8_t> rows(kRows * stride);
    Aligned<int8_t> values(2 * stride);
    // Extreme values too: all nibbles 15 against all query values ±127 (int16 headroom).
    for (std::size_t i = 0; i < rows.size(); ++i) {
      rows[i] = i < 2 * stride ? 0xFF : static_cast<uint8_t>(byte(rng));
    }
    for (std::size_t j = 0; j < values.size(); ++j) {
      values[j] = static_cast<int8_t>(j % 3 == 0 ? value(rng) : (j % 2 ? 127 : -127));
    }
    std::vector<Int4RowParams> params(kRows);
    for (auto& p : params) p = {real(rng), std::fabs(real(rng)) / 15.0f};
    const Int4Query q{values.data(), 0.0123f, 0.77f};
    std::vector<float> fast(kRows), slow(kRows), one(1);
    PortableKernels().dot_i4(rows.data(), kRows, stride, q, params.data(), slow.data());
    for (std::size_t i = 0; i < kRows; ++i) {
      const int32_t dot = NaiveInt4Dot(rows.data() + i * stride, stride, values.data());
      EXPECT_EQ(slow[i], Int4Score(params[i], q, dot)) << "stride " << stride << " row " << i;
    }
    // The integer part alone: lo = 0, step = 1, scale = 1 gives float(dot) exactly.
    const Int4Query unit{values.data(), 1.0f, 0.0f};
    std::vector<Int4RowParams> ones(kRows, Int4RowParams{0.0f, 1.0f});
    PortableKernels().dot_i4(rows.data(), kRows, stride, unit, ones.data(), slow.data());
    for (std::size_t i = 0; i < kRows; ++i) {
      EXPECT_EQ(slow[i],
                static_cast<float>(NaiveInt4Dot(rows.data() + i * stride, stride, values.data())));
    }
    if (!CpuHasAvx2Fma()) continue;
    BestKernels().dot_i4(rows.data(), kRows, stride, unit, ones.data(), fast.data());
    EXPECT_EQ(fast, slow) << "integer dots, stride " << stride;
    BestKernels().dot_i4(rows.data(), kRows, stride, q, params.data(), fast.data());
    PortableKernels().dot_i4(rows.data(), kRows, stride, q, params.data(), slow.data());
    EXPECT_EQ(fast, slow) << "stride " << stride;
    for (std::size_t i = 0; i < kRows; ++i) {
      BestKernels().dot_i4(rows.data() + i * stride, 1, stride, q, &params[i], one.data());
      EXPECT_EQ(one[0], fast[i]) << "a row's score must not depend on its block";
    }
  }
}

}  // namespace
}  // namespace hilfsnetz::vector::internal
