// Dot-product kernels for the scans: many rows against one query, float32, int8 and int4.
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
inline constexpr std::size_t kInt4StrideAlign = 32;   // bytes (64 dimensions): one AVX2 register

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

// The int4 rows: each row is stride bytes of nibbles u in [0, 15], stored so that unpacking is
// one mask and one shift: in the c-th 32-byte chunk of a row, byte b holds dimension
// 64c + b in its low nibble and dimension 64c + 32 + b in its high nibble. A row decodes as
// x_j ≈ lo + step · u_j (per-row affine quantisation; see Int4RowParams).
struct Int4RowParams {
  float lo = 0.0f;
  float step = 0.0f;
};

// The int8 query for the int4 scan: values in [-127, 127] in plain dimension order, padded
// with zeros to 2 · stride; query ≈ values · scale; sum = Σ query_j (the float query).
struct Int4Query {
  const int8_t* values = nullptr;
  float scale = 0.0f;
  float sum = 0.0f;
};

// scores[i] = params[i].lo · query.sum + params[i].step · (float(dot_i) · query.scale), where
// dot_i = Σ_j u_ij · values_j is exact in int32; the float operations are done in exactly this
// order (no fused multiply-add) by every implementation, so scores are identical across
// kernels. REQUIRES: stride % kInt4StrideAlign == 0; stride <= 32768; rows and values 32-byte
// aligned.
using DotI4Fn = void (*)(const uint8_t* rows, std::size_t n, std::size_t stride,
                         const Int4Query& query, const Int4RowParams* params, float* scores);

// The final float step shared by the int4 kernels (kept out of line of any FMA contraction:
// the library is compiled with -std=c++20, where GCC does not contract).
inline float Int4Score(const Int4RowParams& p, const Int4Query& q, int32_t dot) {
  const float a = p.lo * q.sum;
  const float b = p.step * (static_cast<float>(dot) * q.scale);
  return a + b;
}

struct Kernels {
  DotF32Fn dot_f32;
  DotI8Fn dot_i8;
  DotI4Fn dot_i4;
  const char* name;  // "avx2+fma" or "portable"
};

// The best kernels this CPU supports (decided once, then cached).
const Kernels& BestKernels();
// The portable kernels, for tests that compare against the AVX2 ones.
const Kernels& PortableKernels();
// True if the AVX2+FMA kernels can run on this CPU.
bool CpuHasAvx2Fma();

}  // namespace hilfsnetz::vector::internal
