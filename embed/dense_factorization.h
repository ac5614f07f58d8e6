// The dense factorisations of the randomised SVD (internal to embed/): Householder QR and the
// small Jacobi SVD, both Eigen's.
//
// They live apart from randomized_svd.cc so that a sanitizer build can leave them
// uninstrumented (embed/CMakeLists.txt), as it leaves the system's libxapian and libstdc++:
// the code is Eigen's, on matrices whose sizes Eigen takes from the matrices themselves.
// Instrumented, they made an index build of the sample under ASan+UBSan take 15.1 s instead
// of 10.7 s, and took 57 s of one core to compile (21.7 s now). The sparse products, which
// index by hand, stay in randomized_svd.cc and stay instrumented.
//
// Thread-safety: pure functions.
#pragma once

#include <Eigen/Dense>

#include "embed/randomized_svd.h"

namespace hilfsnetz::embed::internal {

// Replaces m by an orthonormal basis of its column space: the thin Q of a Householder QR,
// which stays orthonormal even when m is rank-deficient (e.g. duplicate documents).
void Orthonormalize(DenseRowMajor& m);

// The direct SVD step (HMT Algorithm 5.1) from B^T = A^T Q (F x l, l <= F): with
// B^T = Q2 R and R = U_r S V_r^T, B^T = (Q2 U_r) S V_r^T, so the right singular vectors of B
// are Q2 U_r. Returns the top k of them (F x k) and their singular values; the l x l SVD runs
// in double. `bt`, the largest dense matrix of the SVD, is taken by value and freed early.
// REQUIRES: 1 <= k <= l.
TruncatedSvd SvdOfTransposedSketch(DenseRowMajor bt, Eigen::Index k);

}  // namespace hilfsnetz::embed::internal
