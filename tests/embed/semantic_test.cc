// Semantic sanity of the embedder on the 4-theme corpus (tests/embed/theme_corpus.h), at
// full rank (k = N) and truncated (k = 8), where LSA must merge words into themes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "embed/embedder.h"
#include "tests/embed/theme_corpus.h"

namespace hilfsnetz::embed {
namespace {

using testing::Theme;
using testing::ThemeCorpus;
using testing::ThemeInputs;

float Dot(const std::vector<float>& a, const std::vector<float>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0f);
}

// Themes of the `n` training documents most similar to `query`, best first.
std::vector<Theme> TopThemes(const TrainResult& t, const std::vector<float>& query, size_t n) {
  std::vector<size_t> order(t.vectors.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return Dot(query, t.vectors[a]) > Dot(query, t.vectors[b]);
  });
  std::vector<Theme> out;
  for (size_t i = 0; i < n; ++i) out.push_back(ThemeCorpus()[order[i]].theme);
  return out;
}

class SemanticTest : public ::testing::TestWithParam<int> {
 protected:
  static TrainResult Train(int dimensions) {
    EmbedderOptions options;
    options.dimensions = dimensions;
    Result<TrainResult> r = Embedder::Train(ThemeInputs(), options);
    EXPECT_TRUE(r.ok()) << r.status();
    return std::move(r).value();
  }
  void SetUp() override { trained_ = Train(GetParam()); }
  const TrainResult& trained() const { return *trained_; }

 private:
  std::optional<TrainResult> trained_;
};

TEST_P(SemanticTest, QueryFindsItsThemeFirst) {
  const struct {
    const char* query;
    Theme theme;
  } cases[] = {
      {"Notebooks für Programmierkurs", Theme::kComputers},
      {"Fahradwerkstat", Theme::kBicycle},  // typos: shared character 3-grams only
      {"Winterjacke spenden", Theme::kClothes},
      {"Sprachcafe Deutsch ueben", Theme::kGerman},  // no accents, ue for ü
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_THAT(TopThemes(trained(), trained().embedder.EmbedQuery(c.query), 3),
                ::testing::Each(c.theme));
  }
}

TEST_P(SemanticTest, TypoQueryIsNearestToBicycles) {
  const std::vector<float> q = trained().embedder.EmbedQuery("Fahradwerkstat");
  ASSERT_GT(Dot(q, q), 0.5f);
  EXPECT_EQ(TopThemes(trained(), q, 1).front(), Theme::kBicycle);
}

TEST_P(SemanticTest, SameThemeIsMoreSimilarThanOtherThemes) {
  const auto& corpus = ThemeCorpus();
  double within = 0.0;
  double across = 0.0;
  int n_within = 0;
  int n_across = 0;
  for (size_t i = 0; i < corpus.size(); ++i) {
    for (size_t j = i + 1; j < corpus.size(); ++j) {
      const double s = Dot(trained().vectors[i], trained().vectors[j]);
      if (corpus[i].theme == corpus[j].theme) {
        within += s;
        ++n_within;
      } else {
        across += s;
        ++n_across;
      }
    }
  }
  within /= n_within;
  across /= n_across;
  EXPECT_GT(within, across + 0.1) << "within " << within << ", across " << across;
}

TEST_P(SemanticTest, CompanyProfileFindsMatchingProjects) {
  const EmbedInput company{"IT-Dienstleister Mitte",
                           "Wir spenden ausgemusterte Notebooks und unsere Entwickler "
                           "unterstützen Programmierkurse als Mentoren.",
                           "",
                           {"50 Laptops", "Mentoring durch Softwareentwickler"},
                           "de",
                           ""};
  EXPECT_THAT(TopThemes(trained(), trained().embedder.Embed(company), 3),
              ::testing::Each(Theme::kComputers));
}

INSTANTIATE_TEST_SUITE_P(FullAndTruncated, SemanticTest, ::testing::Values(256, 8),
                         [](const auto& param_info) {
                           return "k" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace hilfsnetz::embed
