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

void DotI4Portable(const uint8_t* rows, std::size_t n, std::size_t stride, const Int4Query& query,
                   const Int4RowParams* params, float* scores) {
  for (std::size_t i = 0; i < n; ++i) {
    const uint8_t* r = rows + i * stride;
    int32_t acc = 0;
    for (std::size_t c = 0; c < stride; c += 32) {
      const int8_t* lo = query.values + 2 * c;  // dimensions 2c .. 2c + 31
      const int8_t* hi = lo + 32;               // dimensions 2c + 32 .. 2c + 63
      for (std::size_t b = 0; b < 32; ++b) {
        acc += int32_t{r[c + b] & 15} * int32_t{lo[b]} + int32_t{r[c + b] >> 4} * int32_t{hi[b]};
      }
    }
    scores[i] = Int4Score(params[i], query, acc);
  }
}

// AVX2 float32. Rows are read one after the other, each front to back, so the scan is one
// sequential stream: reading four rows interleaved (one query load feeding four FMAs, the
// previous kernel) ran at only 55-65% of the machine's read bandwidth on the 2-core EPYC VM,
// sequential rows at ~90% (bench/README.md, "Vector top-k"); the hardware prefetcher follows
// one stream far better than four streams 1 KB apart. The query stays in L1, so its reloads
// are free. Four accumulators per row (the FMA latency), and the horizontal sums of four
// rows share one hadd tree.
__attribute__((target("avx2,fma"))) inline __m128 HSum4(__m256 a, __m256 b, __m256 c, __m256 d) {
  __m256 ab = _mm256_hadd_ps(a, b);
  __m256 cd = _mm256_hadd_ps(c, d);
  __m256 abcd = _mm256_hadd_ps(ab, cd);
  return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

// The 8 partial sums of one row (stride is a multiple of 16 floats).
__attribute__((target("avx2,fma"), always_inline)) inline __m256 RowF32(const float* r,
                                                                        const float* query,
                                                                        std::size_t stride) {
  __m256 a = _mm256_setzero_ps(), b = a, c = a, d = a;
  std::size_t j = 0;
  for (; j + 32 <= stride; j += 32) {
    a = _mm256_fmadd_ps(_mm256_load_ps(r + j), _mm256_load_ps(query + j), a);
    b = _mm256_fmadd_ps(_mm256_load_ps(r + j + 8), _mm256_load_ps(query + j + 8), b);
    c = _mm256_fmadd_ps(_mm256_load_ps(r + j + 16), _mm256_load_ps(query + j + 16), c);
    d = _mm256_fmadd_ps(_mm256_load_ps(r + j + 24), _mm256_load_ps(query + j + 24), d);
  }
  if (j < stride) {
    a = _mm256_fmadd_ps(_mm256_load_ps(r + j), _mm256_load_ps(query + j), a);
    b = _mm256_fmadd_ps(_mm256_load_ps(r + j + 8), _mm256_load_ps(query + j + 8), b);
  }
  return _mm256_add_ps(_mm256_add_ps(a, b), _mm256_add_ps(c, d));
}

__attribute__((target("avx2,fma"))) void DotF32Avx2(const float* rows, std::size_t n,
                                                    std::size_t stride, const float* query,
                                                    float* scores) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float* r = rows + i * stride;
    const __m256 s0 = RowF32(r, query, stride);
    const __m256 s1 = RowF32(r + stride, query, stride);
    const __m256 s2 = RowF32(r + 2 * stride, query, stride);
    const __m256 s3 = RowF32(r + 3 * stride, query, stride);
    _mm_storeu_ps(scores + i, HSum4(s0, s1, s2, s3));
  }
  for (; i < n; ++i) {
    // A lane of HSum4 depends only on its own row, so a row's score does not depend on where
    // it falls in a block (results are identical however the rows are split).
    const __m256 z = _mm256_setzero_ps();
    scores[i] = _mm_cvtss_f32(HSum4(RowF32(rows + i * stride, query, stride), z, z, z));
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

// AVX2 int4: unpack 32 bytes into 32 low and 32 high nibbles (and, shift + and), then
// maddubs(nibbles as unsigned, query as signed): a pair sum is at most 2·15·127 = 3810, so an
// int16 lane can take 4 chunks (8 maddubs, 30480 < 32767) before it is widened to int32 with
// madd. Rows are read one after the other (one sequential stream, as in the float32 kernel;
// also ~30% faster in cache than four interleaved rows), and four rows share one
// horizontal-sum tree.
__attribute__((target("avx2,fma"))) inline __m256i Load256(const void* p) {
  return _mm256_load_si256(static_cast<const __m256i*>(p));
}

__attribute__((target("avx2,fma"))) inline __m256i I4Chunk(__m256i acc16, __m256i x, __m256i qlo,
                                                           __m256i qhi) {
  const __m256i mask = _mm256_set1_epi8(0x0F);
  const __m256i lo = _mm256_and_si256(x, mask);
  const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), mask);
  return _mm256_add_epi16(
      acc16, _mm256_add_epi16(_mm256_maddubs_epi16(lo, qlo), _mm256_maddubs_epi16(hi, qhi)));
}

// The 8 int32 partial sums of one row. Chunks alternate between two int16 accumulators, which
// together hold at most 4 chunks before widening (the bound above).
__attribute__((target("avx2,fma"), always_inline)) inline __m256i RowI4(const uint8_t* r,
                                                                        const int8_t* q,
                                                                        std::size_t stride) {
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i acc = _mm256_setzero_si256();
  for (std::size_t g = 0; g < stride; g += 128) {
    __m256i s = _mm256_setzero_si256(), t = s;
    s = I4Chunk(s, Load256(r + g), Load256(q + 2 * g), Load256(q + 2 * g + 32));
    if (g + 32 < stride) {
      t = I4Chunk(t, Load256(r + g + 32), Load256(q + 2 * g + 64), Load256(q + 2 * g + 96));
    }
    if (g + 64 < stride) {
      s = I4Chunk(s, Load256(r + g + 64), Load256(q + 2 * g + 128), Load256(q + 2 * g + 160));
    }
    if (g + 96 < stride) {
      t = I4Chunk(t, Load256(r + g + 96), Load256(q + 2 * g + 192), Load256(q + 2 * g + 224));
    }
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_add_epi16(s, t), ones));
  }
  return acc;
}

constexpr std::size_t kInt4PrefetchBytes = 1024;

// kFixedStride != 0: the stride is that compile-time constant (the loops unroll completely);
// 0: the stride argument is used.
template <std::size_t kFixedStride>
__attribute__((target("avx2,fma"), always_inline)) inline void DotI4Avx2Impl(
    const uint8_t* rows, std::size_t n, std::size_t dynamic_stride, const Int4Query& query,
    const Int4RowParams* params, float* scores) {
  const std::size_t stride = kFixedStride != 0 ? kFixedStride : dynamic_stride;
  const __m128 qscale = _mm_set1_ps(query.scale);
  const __m128 qsum = _mm_set1_ps(query.sum);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint8_t* r = rows + i * stride;
    // Software prefetch ~1 KB ahead: the int4 kernel does more work per byte than the float32
    // one, and the hardware prefetcher alone let it reach only ~85% of the single-thread read
    // bandwidth (~100% with this; prefetches never fault, so running past the end is fine).
    for (std::size_t b = 0; b < 4 * stride; b += 64) {
      _mm_prefetch(reinterpret_cast<const char*>(r + kInt4PrefetchBytes + b), _MM_HINT_T0);
    }
    const __m256i a0 = RowI4(r, query.values, stride);
    const __m256i a1 = RowI4(r + stride, query.values, stride);
    const __m256i a2 = RowI4(r + 2 * stride, query.values, stride);
    const __m256i a3 = RowI4(r + 3 * stride, query.values, stride);
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
    const __m128i dots = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    // params of rows i..i+3 are lo0 step0 lo1 step1 | lo2 step2 lo3 step3.
    const __m128 p01 = _mm_loadu_ps(&params[i].lo);
    const __m128 p23 = _mm_loadu_ps(&params[i + 2].lo);
    const __m128 lo = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(2, 0, 2, 0));
    const __m128 step = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(3, 1, 3, 1));
    // Same operations in the same order as Int4Score (kernels.cc is built without contraction).
    const __m128 a = _mm_mul_ps(lo, qsum);
    const __m128 b = _mm_mul_ps(step, _mm_mul_ps(_mm_cvtepi32_ps(dots), qscale));
    _mm_storeu_ps(scores + i, _mm_add_ps(a, b));
  }
  for (; i < n; ++i) {
    const __m256i a = RowI4(rows + i * stride, query.values, stride);
    const __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    const __m128i s2 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, _MM_SHUFFLE(1, 0, 3, 2)));
    const __m128i s1 = _mm_add_epi32(s2, _mm_shuffle_epi32(s2, _MM_SHUFFLE(2, 3, 0, 1)));
    scores[i] = Int4Score(params[i], query, _mm_cvtsi128_si32(s1));
  }
}

// D = 256 (128 bytes per row) gets its own fully unrolled copy: the generic loop's bounds
// checks cost ~25% of in-cache throughput, which shows at DRAM speed on one core.
__attribute__((target("avx2,fma"))) void DotI4Avx2(const uint8_t* rows, std::size_t n,
                                                   std::size_t stride, const Int4Query& query,
                                                   const Int4RowParams* params, float* scores) {
  if (stride == 128) {
    DotI4Avx2Impl<128>(rows, n, stride, query, params, scores);
  } else {
    DotI4Avx2Impl<0>(rows, n, stride, query, params, scores);
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
  static const Kernels kernels{&DotF32Portable, &DotI8Portable, &DotI4Portable, "portable"};
  return kernels;
}

const Kernels& BestKernels() {
  static const Kernels kAvx2{&DotF32Avx2, &DotI8Avx2, &DotI4Avx2, "avx2+fma"};
  return CpuHasAvx2Fma() ? kAvx2 : PortableKernels();
}

}  // namespace hilfsnetz::vector::internal
