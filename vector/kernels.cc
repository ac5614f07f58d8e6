#include "vector/kernels.h"

#include <immintrin.h>

#include <Eigen/Core>

namespace hilfsnetz::vector::internal {
namespace {

// Portable float32: one Eigen dot product per row (vectorised with whatever ISA the library is
// compiled for; SSE2 on x86-64 without -march). Row by row rather than one matrix-vector
// product so that a row's score never depends on how many rows were scored with it.
void DotF32Portable(const float* rows, std::size_t n, std::size_t stride, const float* query,
                    float* scores) {
  const auto s = static_cast<Eigen::Index>(stride);
  const Eigen::Map<const Eigen::VectorXf, Eigen::Aligned32> q(query, s);
  for (std::size_t i = 0; i < n; ++i) {
    scores[i] = Eigen::Map<const Eigen::VectorXf, Eigen::Aligned32>(rows + i * stride, s).dot(q);
  }
}

void DotI8Portable(const int8_t* rows, std::size_t n, std::size_t stride, const Int8Query& query,
                   const float* row_scales, float* scores) {
  for (std::size_t i = 0; i < n; ++i) {
    const int8_t* r = rows + i * stride;
    int32_t acc = 0;
    for (std::size_t j = 0; j < stride; ++j) acc += int32_t{r[j]} * int32_t{query.values[j]};
    scores[i] = static_cast<float>(acc) * row_scales[i] * query.scale;
  }
}

// AVX2 float32: four rows at a time so that each query load feeds four FMAs, with two
// accumulators per row (eight independent FMA chains hide the 4-cycle FMA latency). The
// horizontal sums of the four rows are done together with one hadd tree.
__attribute__((target("avx2,fma"))) inline __m128 HSum4(__m256 a, __m256 b, __m256 c, __m256 d) {
  __m256 ab = _mm256_hadd_ps(a, b);
  __m256 cd = _mm256_hadd_ps(c, d);
  __m256 abcd = _mm256_hadd_ps(ab, cd);
  return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

__attribute__((target("avx2,fma"))) void DotF32Avx2(const float* rows, std::size_t n,
                                                    std::size_t stride, const float* query,
                                                    float* scores) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float* r0 = rows + i * stride;
    const float* r1 = r0 + stride;
    const float* r2 = r1 + stride;
    const float* r3 = r2 + stride;
    __m256 a0 = _mm256_setzero_ps(), b0 = _mm256_setzero_ps();
    __m256 a1 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
    __m256 a2 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps();
    __m256 a3 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
    for (std::size_t j = 0; j < stride; j += 16) {
      const __m256 q0 = _mm256_load_ps(query + j);
      const __m256 q1 = _mm256_load_ps(query + j + 8);
      a0 = _mm256_fmadd_ps(_mm256_load_ps(r0 + j), q0, a0);
      b0 = _mm256_fmadd_ps(_mm256_load_ps(r0 + j + 8), q1, b0);
      a1 = _mm256_fmadd_ps(_mm256_load_ps(r1 + j), q0, a1);
      b1 = _mm256_fmadd_ps(_mm256_load_ps(r1 + j + 8), q1, b1);
      a2 = _mm256_fmadd_ps(_mm256_load_ps(r2 + j), q0, a2);
      b2 = _mm256_fmadd_ps(_mm256_load_ps(r2 + j + 8), q1, b2);
      a3 = _mm256_fmadd_ps(_mm256_load_ps(r3 + j), q0, a3);
      b3 = _mm256_fmadd_ps(_mm256_load_ps(r3 + j + 8), q1, b3);
    }
    _mm_storeu_ps(scores + i, HSum4(_mm256_add_ps(a0, b0), _mm256_add_ps(a1, b1),
                                    _mm256_add_ps(a2, b2), _mm256_add_ps(a3, b3)));
  }
  for (; i < n; ++i) {
    // Same summation order as the 4-row path, so a row's score does not depend on where it
    // falls in a block (results are identical however the rows are split).
    const float* r = rows + i * stride;
    __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
    for (std::size_t j = 0; j < stride; j += 16) {
      a = _mm256_fmadd_ps(_mm256_load_ps(r + j), _mm256_load_ps(query + j), a);
      b = _mm256_fmadd_ps(_mm256_load_ps(r + j + 8), _mm256_load_ps(query + j + 8), b);
    }
    const __m256 z = _mm256_setzero_ps();
    scores[i] = _mm_cvtss_f32(HSum4(_mm256_add_ps(a, b), z, z, z));
  }
}

// AVX2 int8: x·q summed in 32-byte steps with the sign trick (as in ggml and FAISS):
// maddubs multiplies unsigned × signed bytes, so feed it |q| and x·sign(q). With values in
// [-127, 127] a pair sum is at most 2·127·127 = 32258 and never saturates int16. madd with
// ones widens to int32.
__attribute__((target("avx2,fma"))) inline __m256i DotStep(__m256i acc, __m256i x, __m256i qa,
                                                           __m256i qs) {
  const __m256i ones = _mm256_set1_epi16(1);
  const __m256i prod16 = _mm256_maddubs_epi16(qa, _mm256_sign_epi8(x, qs));
  return _mm256_add_epi32(acc, _mm256_madd_epi16(prod16, ones));
}

__attribute__((target("avx2,fma"))) void DotI8Avx2(const int8_t* rows, std::size_t n,
                                                   std::size_t stride, const Int8Query& query,
                                                   const float* row_scales, float* scores) {
  const __m128 qscale = _mm_set1_ps(query.scale);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int8_t* r0 = rows + i * stride;
    __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
    __m256i a2 = _mm256_setzero_si256(), a3 = _mm256_setzero_si256();
    for (std::size_t j = 0; j < stride; j += 32) {
      const __m256i qs = _mm256_load_si256(reinterpret_cast<const __m256i*>(query.values + j));
      const __m256i qa = _mm256_load_si256(reinterpret_cast<const __m256i*>(query.abs_values + j));
      const int8_t* p = r0 + j;
      a0 = DotStep(a0, _mm256_load_si256(reinterpret_cast<const __m256i*>(p)), qa, qs);
      a1 = DotStep(a1, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + stride)), qa, qs);
      a2 = DotStep(a2, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + 2 * stride)), qa, qs);
      a3 = DotStep(a3, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + 3 * stride)), qa, qs);
    }
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
    const __m128i sums = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    const __m128 f = _mm_mul_ps(_mm_cvtepi32_ps(sums), qscale);
    _mm_storeu_ps(scores + i, _mm_mul_ps(f, _mm_loadu_ps(row_scales + i)));
  }
  for (; i < n; ++i) {
    const int8_t* r = rows + i * stride;
    __m256i a = _mm256_setzero_si256();
    for (std::size_t j = 0; j < stride; j += 32) {
      a = DotStep(a, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + j)),
                  _mm256_load_si256(reinterpret_cast<const __m256i*>(query.abs_values + j)),
                  _mm256_load_si256(reinterpret_cast<const __m256i*>(query.values + j)));
    }
    const __m256i z = _mm256_setzero_si256();
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(a, z), _mm256_hadd_epi32(z, z));
    const __m128i s = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    scores[i] = static_cast<float>(_mm_cvtsi128_si32(s)) * query.scale * row_scales[i];
  }
}

}  // namespace

bool CpuHasAvx2Fma() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}

const Kernels& PortableKernels() {
  static const Kernels kernels{&DotF32Portable, &DotI8Portable, "portable"};
  return kernels;
}

const Kernels& BestKernels() {
  static const Kernels kAvx2{&DotF32Avx2, &DotI8Avx2, "avx2+fma"};
  return CpuHasAvx2Fma() ? kAvx2 : PortableKernels();
}

}  // namespace hilfsnetz::vector::internal
