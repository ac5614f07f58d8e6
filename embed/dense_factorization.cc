#include "embed/dense_factorization.h"

#include <Eigen/QR>
#include <Eigen/SVD>

namespace hilfsnetz::embed::internal {

void Orthonormalize(DenseRowMajor& m) {
  const Eigen::MatrixXf col_major = m;  // the blocked QR is fastest column-major
  const Eigen::HouseholderQR<Eigen::MatrixXf> qr(col_major);
  m = qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols());
}

TruncatedSvd SvdOfTransposedSketch(DenseRowMajor bt_row, Eigen::Index k) {
  const Eigen::Index l = bt_row.cols();
  const Eigen::MatrixXf bt = bt_row;
  bt_row.resize(0, 0);
  const Eigen::HouseholderQR<Eigen::MatrixXf> qr(bt);
  const Eigen::MatrixXf r = qr.matrixQR().topRows(l).template triangularView<Eigen::Upper>();
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(r.cast<double>(), Eigen::ComputeFullU);
  Eigen::MatrixXf ur_padded = Eigen::MatrixXf::Zero(bt.rows(), k);
  ur_padded.topRows(l) = svd.matrixU().leftCols(k).cast<float>();

  TruncatedSvd out;
  out.v = qr.householderQ() * ur_padded;
  out.singular_values = svd.singularValues().head(k).cast<float>();
  return out;
}

}  // namespace hilfsnetz::embed::internal
