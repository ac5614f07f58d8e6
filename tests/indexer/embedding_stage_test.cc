// Tests of the embedding stage of a build: provided vectors (all or nothing, one dimension,
// per-line errors), the corpus-trained embedder stored with the generation, and what the
// index records about them.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include <xapian.h>

#include "core/index_layout.h"
#include "embed/vector_codec.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"

namespace hilfsnetz::indexer {
namespace {

std::string Rec(const std::string& id, const std::string& title, const std::string& embedding) {
  std::string out = R"({"id":")" + id + R"(","language":"de","title":")" + title + "\"";
  if (!embedding.empty()) out += R"(,"embedding":)" + embedding;
  return out + "}\n";
}

Result<BuildReport> Build(const std::string& jsonl, const std::string& dir) {
  std::istringstream in(jsonl);
  return BuildIndex(in, dir, {});
}

Xapian::Database OpenGeneration(const std::string& dir) {
  return Xapian::Database(*layout::CurrentGenerationPath(dir));
}

TEST(EmbeddingStage, ProvidedVectorsAreStoredAndTheKindRecorded) {
  testing::TempDir tmp;
  auto report = Build(Rec("a", "Erste", "[1, 0, 0]") + Rec("b", "Zweite", "[0, 3, 4]"), tmp.path());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->indexed, 2u);
  EXPECT_TRUE(report->rejected.empty());
  Xapian::Database db = OpenGeneration(tmp.path());
  EXPECT_EQ(db.get_metadata(std::string(layout::kMetaEmbeddingKind)), "provided");
  EXPECT_EQ(db.get_metadata(std::string(layout::kMetaEmbeddingDims)), "3");
  auto v = embed::ParseVector(db.get_document(2).get_value(layout::kSlotEmbedding), 3);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (std::vector<float>{0, 0.6f, 0.8f}));  // stored unit length
  EXPECT_FALSE(std::filesystem::exists(*layout::CurrentGenerationPath(tmp.path()) + "/" +
                                       std::string(layout::kEmbedderFile)));
}

TEST(EmbeddingStage, MissingOrMismatchedVectorIsAPerLineError) {
  testing::TempDir tmp;
  auto report = Build(Rec("a", "Eins", "[1, 0]") + Rec("b", "Zwei", "") +
                          Rec("c", "Drei", "[0, 1]") + Rec("d", "Vier", "[1, 2, 3]"),
                      tmp.path());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->indexed, 2u);
  ASSERT_EQ(report->rejected.size(), 2u);
  EXPECT_EQ(report->rejected[0].line, 2u);
  EXPECT_EQ(report->rejected[0].error.field, "embedding");
  EXPECT_NE(report->rejected[0].error.en.find("missing"), std::string::npos);
  EXPECT_EQ(report->rejected[1].line, 4u);
  EXPECT_EQ(report->rejected[1].error.field, "embedding");
  EXPECT_NE(report->rejected[1].error.en.find("dimension 3"), std::string::npos);
  EXPECT_EQ(OpenGeneration(tmp.path()).get_doccount(), 2u);
}

TEST(EmbeddingStage, TrainedEmbedderIsSavedWithTheGeneration) {
  testing::TempDir tmp;
  std::string jsonl;
  const char* titles[] = {"Deutschkurs für Geflüchtete",    "Deutschkurs am Abend",
                          "Fahrradwerkstatt im Kiez",       "Fahrradwerkstatt für Kinder",
                          "Kleiderkammer mit Winterjacken", "Kleiderkammer im Winter"};
  for (int i = 0; i < 6; ++i) jsonl += Rec("r" + std::to_string(i), titles[i], "");
  auto report = Build(jsonl, tmp.path());
  ASSERT_TRUE(report.ok()) << report.status();
  Xapian::Database db = OpenGeneration(tmp.path());
  EXPECT_EQ(db.get_metadata(std::string(layout::kMetaEmbeddingKind)), "trained");
  const int dims = std::stoi(db.get_metadata(std::string(layout::kMetaEmbeddingDims)));
  EXPECT_GT(dims, 0);
  EXPECT_TRUE(std::filesystem::exists(*layout::CurrentGenerationPath(tmp.path()) + "/" +
                                      std::string(layout::kEmbedderFile)));
  for (Xapian::docid id = 1; id <= 6; ++id) {
    EXPECT_TRUE(
        embed::ParseVector(db.get_document(id).get_value(layout::kSlotEmbedding), dims).ok());
  }
}

}  // namespace
}  // namespace hilfsnetz::indexer
