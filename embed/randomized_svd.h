// Randomised truncated SVD of a sparse matrix (internal to embed/).
//
// Halko, Martinsson & Tropp, "Finding structure with randomness: probabilistic algorithms for
// constructing approximate matrix decompositions", SIAM Review 53(2), 2011:
//   Algorithm 4.4 (randomised subspace iteration) for the range Q of A, with l = k + p
//   columns and q power iterations, re-orthonormalising after every product; then
//   Algorithm 5.1 (direct SVD) of the small matrix B = Q^T A.
// Only sparse x dense products touch A (never a dense N x F matrix): 2q + 2 of them, each
// O(nnz(A) * l). Dense work is O((N + F) * l^2).
//
// Deterministic: the Gaussian test matrix comes from std::mt19937_64(seed) through the
// Box-Muller transform below (std::normal_distribution is implementation-defined); products
// split rows across threads but never change the order of any sum.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace hilfsnetz::embed::internal {

using SparseRowMajor = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;
using DenseRowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct SvdOptions {
  int rank = 0;              // k; REQUIRES: 1 <= k <= min(rows, cols)
  int oversampling = 10;     // p; l = min(k + p, rows, cols)
  int power_iterations = 2;  // q
  uint64_t seed = 42;
  int threads = 1;  // >= 1
};

struct TruncatedSvd {
  DenseRowMajor v;                  // cols x k: right singular vectors, by decreasing value
  Eigen::VectorXf singular_values;  // k, decreasing
};

// The top-k right singular vectors of `a`. REQUIRES: options as documented above.
TruncatedSvd RandomizedSvd(const SparseRowMajor& a, const SvdOptions& options);

// rows x cols standard normal entries, filled row by row from std::mt19937_64(seed) with the
// Box-Muller transform (both outputs of each pair used). Same bytes on every platform whose
// libm rounds log/sqrt/cos/sin alike (glibc does).
DenseRowMajor GaussianMatrix(Eigen::Index rows, Eigen::Index cols, uint64_t seed);

}  // namespace hilfsnetz::embed::internal
