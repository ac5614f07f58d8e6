// The embedder's internal stages: character 3-grams, TF-IDF weighting, randomised SVD.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include <Eigen/SVD>

#include "embed/features.h"
#include "embed/randomized_svd.h"
#include "embed/vocabulary.h"

namespace hilfsnetz::embed::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::map<std::string, float> Sorted(const FeatureCounts& c) { return {c.begin(), c.end()}; }

TEST(Trigrams, FramedByHashesAndCountedInCodePoints) {
  FeatureCounts c;
  AddTrigrams("rad", 2.0f, c);
  EXPECT_THAT(Sorted(c),
              ElementsAre(Pair("g:#ra", 2.0f), Pair("g:ad#", 2.0f), Pair("g:rad", 2.0f)));
  c.clear();
  AddTrigrams("für", 1.0f, c);  // ü is two bytes, one code point
  EXPECT_THAT(Sorted(c),
              ElementsAre(Pair("g:#fü", 1.0f), Pair("g:für", 1.0f), Pair("g:ür#", 1.0f)));
  c.clear();
  AddTrigrams("a", 1.0f, c);
  EXPECT_THAT(Sorted(c), ElementsAre(Pair("g:#a#", 1.0f)));
}

TEST(Features, StemsPartsAndFieldWeightsWithoutStopWords) {
  EmbedInput in;
  in.title = "Deutschkurse";
  in.description = "und Deutschkurse";
  in.language = "de";
  const FeatureCounts c = DocumentFeatures(in);
  EXPECT_EQ(c.at("w:deutschkurs"), 4.0f);  // title 3 + description 1
  EXPECT_EQ(c.at("w:deutsch"), 4.0f);      // compound parts count too
  EXPECT_EQ(c.at("w:kurs"), 4.0f);
  EXPECT_EQ(c.at("g:#de"), 4.0f);
  EXPECT_EQ(c.count("w:und"), 0u);  // stop word: no stem, no 3-grams
  EXPECT_EQ(c.count("g:und"), 0u);
}

TEST(Features, GermanWordsOfATextInAnotherLanguageAreReadAsGerman) {
  EmbedInput in;
  in.description = "weather stations";
  in.language = "en";
  // What a profile's words mean in German (ranking/reco_candidates.cc, CompanyVector).
  in.german = "Wetterstationen";
  const FeatureCounts c = DocumentFeatures(in);
  EXPECT_EQ(c.at("w:wetterstation"), 1.0f);  // German stem, weighed as the description
  EXPECT_EQ(c.at("w:station"), 2.0f);        // a compound part, and English "stations"
  EmbedInput record = in;
  record.german.clear();
  EXPECT_EQ(DocumentFeatures(record).count("w:wetterstation"), 0u);  // records leave it empty
}

TEST(Vocabulary, SelectsByDocumentFrequencyThenBytes) {
  const std::unordered_map<std::string, uint32_t> df = {
      {"w:a", 5}, {"w:c", 3}, {"w:b", 3}, {"w:rare", 1}, {"w:d", 2}};
  const Vocabulary v = Vocabulary::Select(df, 10, 2, 3);
  EXPECT_THAT(v.terms(), ElementsAre("w:a", "w:b", "w:c"));
  EXPECT_FLOAT_EQ(v.idf()[0], static_cast<float>(std::log(11.0 / 6.0) + 1.0));
  EXPECT_EQ(v.Find("w:d"), -1);
}

TEST(Vocabulary, SublinearTfTimesIdfUnitLength) {
  const Vocabulary v({"w:x", "w:y"}, {1.0f, 2.0f});
  const SparseRow row = v.Weigh({{"w:y", 1.0f}, {"w:x", std::exp(1.0f)}, {"w:zz", 5.0f}});
  ASSERT_THAT(row.cols, ElementsAre(0, 1));
  // x: (1 + 1) * 1 = 2; y: 1 * 2 = 2 -> both 1/sqrt(2).
  EXPECT_NEAR(row.values[0], std::sqrt(0.5f), 1e-6);
  EXPECT_NEAR(row.values[1], std::sqrt(0.5f), 1e-6);
  EXPECT_TRUE(v.Weigh({{"w:zz", 1.0f}}).cols.empty());
}

TEST(Gaussian, DeterministicAndStandardNormal) {
  const DenseRowMajor a = GaussianMatrix(300, 301, 42);
  EXPECT_EQ(a, GaussianMatrix(300, 301, 42));
  EXPECT_NE(a, GaussianMatrix(300, 301, 43));
  const double mean = a.cast<double>().mean();
  const double var = (a.cast<double>().array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(var, 1.0, 0.02);
}

// A sparse 120 x 80 matrix of rank 6 plus small noise: the randomised SVD must find the
// leading singular values and the subspace of the exact SVD.
TEST(RandomizedSvd, MatchesExactSvdOnLowRankMatrix) {
  const DenseRowMajor left = GaussianMatrix(120, 6, 1);
  const DenseRowMajor right = GaussianMatrix(6, 80, 2);
  const DenseRowMajor noise = GaussianMatrix(120, 80, 3) * 1e-3f;
  Eigen::MatrixXf dense = left * right + noise;
  for (Eigen::Index i = 0; i < dense.rows(); ++i) {
    for (Eigen::Index j = 0; j < dense.cols(); ++j) {
      if ((i * 7 + j * 3) % 5 == 0) dense(i, j) = 0.0f;  // some structural zeros
    }
  }
  const SparseRowMajor a = dense.sparseView();
  SvdOptions o;
  o.rank = 6;
  o.threads = 2;
  const TruncatedSvd got = RandomizedSvd(a, o);
  const Eigen::JacobiSVD<Eigen::MatrixXd> exact(dense.cast<double>(), Eigen::ComputeThinV);
  ASSERT_EQ(got.v.rows(), 80);
  ASSERT_EQ(got.v.cols(), 6);
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(got.singular_values[i] / exact.singularValues()[i], 1.0, 1e-3);
    // Same direction up to sign.
    const double cos = std::abs(got.v.col(i).cast<double>().dot(exact.matrixV().col(i)));
    EXPECT_NEAR(cos, 1.0, 1e-3);
  }
  const Eigen::MatrixXf gram = got.v.transpose() * got.v;
  EXPECT_TRUE(gram.isIdentity(1e-4f));
}

TEST(RandomizedSvd, FullRankWhenRankEqualsSmallerSide) {
  const DenseRowMajor dense = GaussianMatrix(10, 30, 5);
  const SparseRowMajor a = dense.sparseView();
  SvdOptions o;
  o.rank = 10;
  const TruncatedSvd got = RandomizedSvd(a, o);
  // Rows of A lie in the span of V: A V V^T == A.
  const Eigen::MatrixXf back = (a * got.v) * got.v.transpose();
  EXPECT_TRUE(back.isApprox(Eigen::MatrixXf(dense), 1e-4f));
}

}  // namespace
}  // namespace hilfsnetz::embed::internal
