// Dot-product kernels for the exact scan: many rows against one query, float32 and int8.
//
// Internal to vector/. Rows are stored row-major with a padded stride (a multiple of
// kFloatStrideAlign floats or kInt8StrideAlign bytes); padding is zero in both the rows and the
// query, so kernels need no tail handling. The AVX2+FMA versions are compiled with a
// function-level target attribute (the library is built without -march) and chosen once at
// run time with __builtin_cpu_supports; the portable versions are used otherwise.
//
// Thread-safety: all functions are pure; they may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hilfsnetz::vector::internal {

inline constexpr std::size_t kFloatStrideAlign = 16;  // floats: 64 bytes
inline constexpr std::size_t kInt8StrideAlign = 32;   // bytes: one AVX2 register

// scores[i] = sum_j rows[i * stride + j] * query[j] for i < n.
// REQUIRES: stride % kFloatStrideAlign == 0; rows and query 32-byte aligned.
using DotF32Fn = void (*)(const float* rows, std::size_t n, std::size_t stride, const float* query,
                          float* scores);

// The int8 query in the two forms the AVX2 kernel wants (see kernels.cc for the
// maddubs/sign trick): values in [-127, 127], and their absolute values.
struct Int8Query {
  const int8_t* values = nullptr;
  const uint8_t* abs_values = nullptr;
  float scale = 0.0f;  // query ≈ values * scale
};

// scores[i] = row_scales[i] * query.scale * sum_j rows[i * stride + j] * query.values[j].
// REQUIRES: stride % kInt8StrideAlign == 0; stride <= 65536 (no int32 overflow); values in
// [-127, 127] (no int16 saturation); rows and query 32-byte aligned.
using DotI8Fn = void (*)(const int8_t* rows, std::size_t n, std::size_t stride,
                         const Int8Query& query, const float* row_scales, float* scores);

struct Kernels {
  DotF32Fn dot_f32;
  DotI8Fn dot_i8;
  const char* name;  // "avx2+fma" or "portable"
};

// The best kernels this CPU supports (decided once, then cached).
const Kernels& BestKernels();
// The portable kernels, for tests that compare against the AVX2 ones.
const Kernels& PortableKernels();
// True if the AVX2+FMA kernels can run on this CPU.
bool CpuHasAvx2Fma();

}  // namespace hilfsnetz::vector::internal
