#include "embed/randomized_svd.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

#include "embed/dense_factorization.h"
#include "embed/parallel.h"

namespace hilfsnetz::embed::internal {
namespace {

using Eigen::Index;

// Row ranges of `a` with about equal numbers of non-zeros, one per thread: rows of A^T (one
// per feature, ordered by document frequency) are very unequal.
std::vector<Index> BalancedRowRanges(const SparseRowMajor& a, int threads) {
  const int* outer = a.outerIndexPtr();
  const Index rows = a.rows();
  const auto parts = static_cast<Index>(std::max(1, threads));
  std::vector<Index> bounds = {0};
  for (Index s = 1; s < parts; ++s) {
    const int target = static_cast<int>(static_cast<double>(a.nonZeros()) * static_cast<double>(s) /
                                        static_cast<double>(parts));
    const Index row = std::lower_bound(outer, outer + rows + 1, target) - outer;
    bounds.push_back(std::clamp(row, bounds.back(), rows));
  }
  bounds.push_back(rows);
  return bounds;
}

// y = a * x. Each thread computes whole rows of y, so the result does not depend on the
// number of threads. Dense operands are row-major, so each non-zero a(i, j) is one
// vectorised axpy y.row(i) += a(i, j) * x.row(j) over contiguous memory. (Eigen's own
// sparse x dense product with these operand types measured 2.7x slower at -O2: it does not
// vectorise the row update through its Block expressions.) REQUIRES: `a` compressed.
void Multiply(const SparseRowMajor& a, const DenseRowMajor& x, int threads, DenseRowMajor& y) {
  y.setZero(a.rows(), x.cols());
  const Index width = x.cols();
  const std::vector<Index> bounds = BalancedRowRanges(a, threads);
  ParallelFor(bounds.size() - 1, threads, [&](size_t first, size_t last) {
    for (Index i = bounds[first]; i < bounds[last]; ++i) {
      Eigen::Map<Eigen::VectorXf> out(y.row(i).data(), width);
      for (SparseRowMajor::InnerIterator it(a, i); it; ++it) {
        out.noalias() +=
            it.value() * Eigen::Map<const Eigen::VectorXf>(x.row(it.index()).data(), width);
      }
    }
  });
}

// z = a^T * q, scattering over the rows of `a`: z.row(j) += a(i, j) * q.row(i). Reading
// q.row(i) once per row of `a` and updating the rows of z, whose hot rows (frequent
// features) stay in cache, measured 2x faster than the row-parallel product with an
// explicit transpose. For determinism the rows of `a` are always cut into
// kScatterPartitions ranges (whatever the number of threads), each accumulated into its own
// matrix, and the partial sums are added in range order.
constexpr size_t kScatterPartitions = 2;

void MultiplyTransposed(const SparseRowMajor& a, const DenseRowMajor& q, int threads,
                        DenseRowMajor& z) {
  const Index width = q.cols();
  const std::vector<Index> bounds = BalancedRowRanges(a, static_cast<int>(kScatterPartitions));
  std::vector<DenseRowMajor> partial(kScatterPartitions);
  ParallelFor(kScatterPartitions, threads, [&](size_t first, size_t last) {
    for (size_t p = first; p < last; ++p) {
      partial[p].setZero(a.cols(), width);
      for (Index i = bounds[p]; i < bounds[p + 1]; ++i) {
        const Eigen::Map<const Eigen::VectorXf> in(q.row(i).data(), width);
        for (SparseRowMajor::InnerIterator it(a, i); it; ++it) {
          Eigen::Map<Eigen::VectorXf>(partial[p].row(it.index()).data(), width).noalias() +=
              it.value() * in;
        }
      }
    }
  });
  z = std::move(partial[0]);
  for (size_t p = 1; p < kScatterPartitions; ++p) z += partial[p];
}

}  // namespace

DenseRowMajor GaussianMatrix(Index rows, Index cols, uint64_t seed) {
  std::mt19937_64 gen(seed);
  // 53 random bits -> (0, 1] for the logarithm and [0, 1) for the angle.
  auto unit_open_low = [&gen] { return (static_cast<double>(gen() >> 11) + 1.0) * 0x1.0p-53; };
  auto unit_open_high = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  DenseRowMajor m(rows, cols);
  float* out = m.data();
  const Index n = rows * cols;
  for (Index i = 0; i < n; i += 2) {
    const double radius = std::sqrt(-2.0 * std::log(unit_open_low()));
    const double angle = 2.0 * std::numbers::pi * unit_open_high();
    out[i] = static_cast<float>(radius * std::cos(angle));
    if (i + 1 < n) out[i + 1] = static_cast<float>(radius * std::sin(angle));
  }
  return m;
}

TruncatedSvd RandomizedSvd(const SparseRowMajor& a_in, const SvdOptions& options) {
  SparseRowMajor a_copy;
  if (!a_in.isCompressed()) {
    a_copy = a_in;
    a_copy.makeCompressed();
  }
  const SparseRowMajor& a = a_in.isCompressed() ? a_in : a_copy;
  const Index k = options.rank;
  const Index l = std::min({k + options.oversampling, a.rows(), a.cols()});
  // A^T stored row-major too, so that A^T Q is the same row-parallel product as A Z.

  // Range finder (HMT Algorithm 4.4): Q = orth(A Omega), then q rounds of
  // Z = orth(A^T Q), Q = orth(A Z). Re-orthonormalising after every product keeps the
  // small singular directions from drowning in float rounding.
  DenseRowMajor z = GaussianMatrix(a.cols(), l, options.seed);
  DenseRowMajor q;
  Multiply(a, z, options.threads, q);
  Orthonormalize(q);
  for (int i = 0; i < options.power_iterations; ++i) {
    MultiplyTransposed(a, q, options.threads, z);
    Orthonormalize(z);
    Multiply(a, z, options.threads, q);
    Orthonormalize(q);
  }

  // Direct SVD (HMT Algorithm 5.1) of B = Q^T A, through B^T = A^T Q (F x l).
  DenseRowMajor bt;
  MultiplyTransposed(a, q, options.threads, bt);
  return SvdOfTransposedSketch(std::move(bt), k);
}

}  // namespace hilfsnetz::embed::internal
