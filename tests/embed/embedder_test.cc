// Embedder API contract: errors, determinism, unit length, serialisation, vector codec.
#include "embed/embedder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "core/byte_io.h"
#include "core/status.h"
#include "embed/vector_codec.h"
#include "tests/embed/theme_corpus.h"

namespace hilfsnetz::embed {
namespace {

using testing::ThemeInputs;

double Norm(const std::vector<float>& v) {
  double s = 0.0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

TrainResult TrainOrDie(const std::vector<EmbedInput>& corpus, const EmbedderOptions& options) {
  Result<TrainResult> r = Embedder::Train(corpus, options);
  EXPECT_TRUE(r.ok()) << r.status();
  return std::move(r).value();
}

TEST(Embedder, EmptyCorpusIsInvalidArgument) {
  const Result<TrainResult> r = Embedder::Train({}, EmbedderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(Embedder, BadOptionsAreInvalidArgument) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  auto code = [&](auto mutate) {
    EmbedderOptions o;
    mutate(o);
    return Embedder::Train(corpus, o).status().code();
  };
  EXPECT_EQ(code([](EmbedderOptions& o) { o.dimensions = 0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EmbedderOptions& o) { o.max_features = 0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EmbedderOptions& o) { o.min_df = 0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EmbedderOptions& o) { o.power_iterations = -1; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EmbedderOptions& o) { o.oversampling = -1; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EmbedderOptions& o) { o.threads = -1; }), StatusCode::kInvalidArgument);
}

TEST(Embedder, NoFeatureReachingMinDfIsInvalidArgument) {
  const std::vector<EmbedInput> one = {EmbedInput{"Fahrradwerkstatt", "", "", {}, "de", ""}};
  const Result<TrainResult> r = Embedder::Train(one, EmbedderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(Embedder, DimensionIsCappedByCorpusAndVocabulary) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  const TrainResult t = TrainOrDie(corpus, EmbedderOptions{});
  EXPECT_EQ(t.embedder.dimensions(),
            std::min<int>({256, static_cast<int>(corpus.size()), t.embedder.num_features()}));
  EmbedderOptions small;
  small.dimensions = 8;
  EXPECT_EQ(TrainOrDie(corpus, small).embedder.dimensions(), 8);
  EmbedderOptions capped;
  capped.max_features = 5;
  const TrainResult c = TrainOrDie(corpus, capped);
  EXPECT_EQ(c.embedder.num_features(), 5);
  EXPECT_EQ(c.embedder.dimensions(), 5);
}

TEST(Embedder, VectorsAreUnitLengthAndEqualEmbed) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  const TrainResult t = TrainOrDie(corpus, EmbedderOptions{});
  ASSERT_EQ(t.vectors.size(), corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) {
    SCOPED_TRACE(corpus[i].title);
    ASSERT_EQ(t.vectors[i].size(), static_cast<size_t>(t.embedder.dimensions()));
    EXPECT_NEAR(Norm(t.vectors[i]), 1.0, 1e-5);
    EXPECT_EQ(t.embedder.Embed(corpus[i]), t.vectors[i]);
  }
  EXPECT_NEAR(Norm(t.embedder.EmbedQuery("Winterjacken")), 1.0, 1e-5);
}

// A caller that analysed the fields already (the indexer, for the document's terms too) gets
// the vector of the input they came from, bit for bit: records in German and in other
// languages, with needs, and a profile with German words.
TEST(Embedder, AnalysedFieldsEmbedAsTheirInput) {
  std::vector<EmbedInput> inputs = ThemeInputs();
  const TrainResult t = TrainOrDie(inputs, EmbedderOptions{});
  EmbedInput foreign;
  foreign.title = "Kitap bağışı";
  foreign.description = "Çocuklar için kitaplar ve kışlık mont";
  foreign.need_descriptions = {"Kitaplar", "Gönüllüler"};
  foreign.language = "tr";
  inputs.push_back(foreign);
  foreign.german = "Kinderbücher und Winterjacken";
  inputs.push_back(foreign);
  for (const EmbedInput& in : inputs) {
    SCOPED_TRACE(in.title);
    const text::AnalysedText title = text::AnalyseDocumentText(in.title, in.language);
    const text::AnalysedText summary = text::AnalyseDocumentText(in.summary, in.language);
    const text::AnalysedText description = text::AnalyseDocumentText(in.description, in.language);
    std::vector<text::AnalysedText> needs;
    for (const std::string& n : in.need_descriptions) {
      needs.push_back(text::AnalyseDocumentText(n, in.language));
    }
    const text::AnalysedText german = text::AnalyseDocumentText(in.german, "de");
    const AnalysedInput analysed{in.language, &title, &summary, &description, needs, &german};
    EXPECT_EQ(t.embedder.Embed(analysed), t.embedder.Embed(in));
  }
}

TEST(Embedder, UnknownWordsGiveZeroVector) {
  const TrainResult t = TrainOrDie(ThemeInputs(), EmbedderOptions{});
  for (const char* query : {"xyzzy qxqj", "", "   ", "und der die"}) {
    SCOPED_TRACE(query);
    const std::vector<float> v = t.embedder.EmbedQuery(query);
    ASSERT_EQ(v.size(), static_cast<size_t>(t.embedder.dimensions()));
    EXPECT_EQ(Norm(v), 0.0);
  }
  EXPECT_EQ(Norm(t.embedder.Embed(EmbedInput{})), 0.0);
}

TEST(Embedder, TrainingIsDeterministicAndIndependentOfThreads) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  EmbedderOptions one_thread;
  one_thread.threads = 1;
  EmbedderOptions three_threads;
  three_threads.threads = 3;
  const TrainResult a = TrainOrDie(corpus, one_thread);
  const TrainResult b = TrainOrDie(corpus, one_thread);
  const TrainResult c = TrainOrDie(corpus, three_threads);
  EXPECT_EQ(a.embedder.Serialize(), b.embedder.Serialize());
  EXPECT_EQ(a.embedder.Serialize(), c.embedder.Serialize());
  EXPECT_EQ(a.vectors, b.vectors);
  EXPECT_EQ(a.vectors, c.vectors);
}

TEST(Embedder, MoreThreadsThanSlicesOfWork) {
  const std::vector<EmbedInput> all = ThemeInputs();
  const std::vector<EmbedInput> five(all.begin() + 10, all.begin() + 15);  // bicycle docs
  EmbedderOptions one;
  one.threads = 1;
  EmbedderOptions four;
  four.threads = 4;
  const TrainResult a = TrainOrDie(five, one);
  const TrainResult b = TrainOrDie(five, four);
  EXPECT_EQ(a.embedder.dimensions(), 5);
  EXPECT_EQ(a.embedder.Serialize(), b.embedder.Serialize());
  EXPECT_EQ(a.vectors, b.vectors);
}

TEST(Embedder, SeedChangesTheBasis) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  EmbedderOptions other;
  other.seed = 7;
  other.dimensions = 16;
  EmbedderOptions base;
  base.dimensions = 16;
  EXPECT_NE(TrainOrDie(corpus, base).embedder.Serialize(),
            TrainOrDie(corpus, other).embedder.Serialize());
}

TEST(Embedder, SerializeRoundTripGivesIdenticalEmbeddings) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  const TrainResult t = TrainOrDie(corpus, EmbedderOptions{});
  const std::string bytes = t.embedder.Serialize();
  EXPECT_EQ(bytes.substr(0, 6), "HNEMB1");
  Result<Embedder> back = Embedder::Deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->dimensions(), t.embedder.dimensions());
  EXPECT_EQ(back->num_features(), t.embedder.num_features());
  EXPECT_EQ(back->options().seed, 42u);
  EXPECT_EQ(back->Serialize(), bytes);
  for (size_t i = 0; i < corpus.size(); i += 7) EXPECT_EQ(back->Embed(corpus[i]), t.vectors[i]);
  EXPECT_EQ(back->EmbedQuery("Notebooks für Programmierkurs"),
            t.embedder.EmbedQuery("Notebooks für Programmierkurs"));
}

TEST(Embedder, TruncatedOrDamagedBytesAreDataLoss) {
  const TrainResult t = TrainOrDie(ThemeInputs(), EmbedderOptions{});
  const std::string bytes = t.embedder.Serialize();
  for (size_t len : {size_t{0}, size_t{5}, size_t{6}, size_t{13}, size_t{14}, size_t{40},
                     bytes.size() / 2, bytes.size() - 9, bytes.size() - 1}) {
    SCOPED_TRACE(len);
    EXPECT_EQ(Embedder::Deserialize(std::string_view(bytes).substr(0, len)).status().code(),
              StatusCode::kDataLoss);
  }
  for (size_t pos : {size_t{0}, size_t{10}, size_t{30}, bytes.size() / 3, bytes.size() - 1}) {
    SCOPED_TRACE(pos);
    std::string damaged = bytes;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0x20);
    EXPECT_EQ(Embedder::Deserialize(damaged).status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(Embedder::Deserialize(bytes + "x").status().code(), StatusCode::kDataLoss);
}

// Rewrites the little-endian u32 at `offset` and re-seals the checksum, as a writer of
// another version (or a buggy one) would have.
std::string Patched(std::string bytes, size_t offset, uint32_t value) {
  for (size_t i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  const std::string_view body(bytes.data(), bytes.size() - 8);
  const uint64_t sum = Fnv1a64(body);
  for (size_t i = 0; i < 8; ++i)
    bytes[body.size() + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  return bytes;
}

TEST(Embedder, OtherVersionIsFailedPreconditionAndBadHeaderDataLoss) {
  const TrainResult t = TrainOrDie(ThemeInputs(), EmbedderOptions{});
  const std::string bytes = t.embedder.Serialize();
  ASSERT_TRUE(Embedder::Deserialize(Patched(bytes, 6, kEmbedderVersion)).ok());
  EXPECT_EQ(Embedder::Deserialize(Patched(bytes, 6, kEmbedderVersion + 1)).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Embedder::Deserialize(Patched(bytes, 10, 999)).status().code(),  // analyser
            StatusCode::kFailedPrecondition);
  // Header: magic 6, versions 8, options 5 x 4 + 8 -> k at 42, F at 46.
  const auto f = static_cast<uint32_t>(t.embedder.num_features());
  EXPECT_EQ(Embedder::Deserialize(Patched(bytes, 42, f + 1)).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(Embedder::Deserialize(Patched(bytes, 46, f + 1)).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(Embedder::Deserialize(Patched(bytes, 46, 0xFFFFFFF0u)).status().code(),
            StatusCode::kDataLoss);
}

TEST(Embedder, ConcurrentEmbeddingMatchesSequential) {
  const std::vector<EmbedInput> corpus = ThemeInputs();
  const TrainResult t = TrainOrDie(corpus, EmbedderOptions{});
  std::vector<std::vector<float>> got(corpus.size());
  auto work = [&](size_t from) {
    for (size_t i = from; i < corpus.size(); i += 2) got[i] = t.embedder.Embed(corpus[i]);
  };
  std::thread other(work, size_t{1});
  work(0);
  other.join();
  EXPECT_EQ(got, t.vectors);
}

TEST(VectorCodec, RoundTripIsExactLittleEndianFloat32) {
  const std::vector<float> v = {1.0f, -0.5f, 0.0f, 3.25e-7f};
  const std::string bytes = SerializeVector(v);
  ASSERT_EQ(bytes.size(), 16u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("\x00\x00\x80\x3f", 4));  // 1.0f
  Result<std::vector<float>> back = ParseVector(bytes, 4);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v);
  EXPECT_TRUE(ParseVector("", 0).ok());
}

TEST(VectorCodec, WrongSizeOrNonFiniteIsDataLoss) {
  const std::string bytes = SerializeVector(std::vector<float>{1.0f, 2.0f});
  EXPECT_EQ(ParseVector(bytes, 3).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParseVector(bytes.substr(0, 7), 2).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParseVector(SerializeVector(std::vector<float>{NAN}), 1).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(ParseVector(bytes, -1).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hilfsnetz::embed
