// Tests of a build larger than BuildOptions::max_records_in_memory (issue 13: a build whose
// memory does not grow with the input): the records go through a spool file and the embedder
// is trained on an even sample. The cap is lowered here so that the sample corpus is "large".
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"
#include "embed/vector_codec.h"
#include "indexer/index_builder.h"
#include "indexer/record_spool.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::indexer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A build that spools the records past the first `cap`.
Result<BuildReport> Build(const std::string& jsonl, const std::string& dir, size_t cap) {
  BuildOptions options;
  options.max_records_in_memory = cap;
  return testing::BuildFromJsonl(jsonl, dir, options);
}

// Everything a document holds but its vector: terms with wdf and positions, values, data.
struct Content {
  std::string terms, values, data;
  bool has_vector = false;
  size_t vector_bytes = 0;
};

std::map<std::string, Content> Documents(const std::string& dir) {
  Result<std::string> gen = layout::ReadCurrent(dir);
  EXPECT_TRUE(gen.ok());
  Xapian::Database db(dir + "/" + *gen);
  std::map<std::string, Content> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    Content c;
    std::string id;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).rfind(layout::kPrefixId, 0) == 0) id = *t;
      c.terms += *t + ":" + std::to_string(t.get_wdf());
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        c.terms += "," + std::to_string(*p);
      c.terms += " ";
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      if (v.get_valueno() == layout::kSlotEmbedding) {
        c.has_vector = true;
        c.vector_bytes = (*v).size();
        continue;
      }
      c.values += std::to_string(v.get_valueno()) + "=" + *v + "\n";
    }
    c.data = doc.get_data();
    out[id] = c;
  }
  return out;
}

TEST(LargeBuild, SpooledBuildHasTheSameDocumentsAndASampledEmbedder) {
  TempDir tmp;
  const std::string sample = testing::ReadFileOrDie(testing::SamplePath());
  auto whole = Build(sample, tmp.Path("whole"), 100000);
  ASSERT_TRUE(whole.ok()) << whole.status();
  auto spooled = Build(sample, tmp.Path("spooled"), 40);
  ASSERT_TRUE(spooled.ok()) << spooled.status();

  EXPECT_EQ(whole->indexed, 270u);
  EXPECT_EQ(whole->trained_on, 270u);
  EXPECT_EQ(spooled->lines, 270u);
  EXPECT_EQ(spooled->indexed, 270u);
  EXPECT_TRUE(spooled->rejected.empty());
  // 270 records, at most 40 in memory: every 7th record, 39 of them.
  EXPECT_EQ(spooled->trained_on, 39u);
  EXPECT_FALSE(fs::exists(tmp.Path("spooled") + "/" + std::string(kSpoolFile)))
      << "the spool is removed after the build";

  const std::map<std::string, Content> a = Documents(tmp.Path("whole"));
  const std::map<std::string, Content> b = Documents(tmp.Path("spooled"));
  ASSERT_EQ(a.size(), 270u);
  ASSERT_EQ(b.size(), 270u);
  for (const auto& [id, content] : a) {
    auto it = b.find(id);
    ASSERT_NE(it, b.end()) << id;
    EXPECT_EQ(it->second.terms, content.terms) << id;
    EXPECT_EQ(it->second.values, content.values) << id;
    EXPECT_EQ(it->second.data, content.data) << id;
    EXPECT_TRUE(it->second.has_vector)
        << id << ": every record gets a vector of the sample's embedder";
    EXPECT_GT(it->second.vector_bytes, 0u) << id;
  }
  Result<std::string> gen = layout::ReadCurrent(tmp.Path("spooled"));
  ASSERT_TRUE(gen.ok());
  Xapian::Database db(tmp.Path("spooled") + "/" + *gen);
  EXPECT_EQ(db.get_metadata(std::string(layout::kMetaEmbeddingKind)), "trained");
  EXPECT_TRUE(
      fs::exists(tmp.Path("spooled") + "/" + *gen + "/" + std::string(layout::kEmbedderFile)));
}

using testing::RecordLine;

TEST(LargeBuild, DuplicatesAcrossTheSpoolKeepTheLastLine) {
  TempDir tmp;
  // The cap is reached at line 2; "a" was in memory, then spooled, then replaced twice.
  auto r = Build(RecordLine("a", "Erste Fassung") + RecordLine("b", "Tafel") +
                     RecordLine("c", "Kleiderkammer") + RecordLine("a", "Zweite Fassung") +
                     "kein json\n" + RecordLine("a", "Dritte Fassung"),
                 tmp.Path("index"), 2);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->lines, 6u);
  EXPECT_EQ(r->indexed, 3u);
  ASSERT_EQ(r->rejected.size(), 3u);
  EXPECT_EQ(r->rejected[0].line, 1u);
  EXPECT_EQ(r->rejected[0].error.en, "replaced by line 4 with the same id");
  EXPECT_EQ(r->rejected[1].line, 4u);
  EXPECT_EQ(r->rejected[1].error.en, "replaced by line 6 with the same id");
  EXPECT_EQ(r->rejected[2].line, 5u);
  const std::map<std::string, Content> docs = Documents(tmp.Path("index"));
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_NE(docs.at("Qa").data.find("Dritte Fassung"), std::string::npos);
}

TEST(LargeBuild, ProvidedVectorsOfAnotherDimensionAreRejectedByLine) {
  TempDir tmp;
  auto r = Build(RecordLine("a", "Tafel", R"(,"embedding":[1,0,0])") +
                     RecordLine("b", "Kleiderkammer", R"(,"embedding":[0,1,0])") +
                     RecordLine("c", "Sprachcafé", R"(,"embedding":[0,1])") +
                     RecordLine("d", "Werkstatt"),
                 tmp.Path("index"), 1);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->indexed, 2u);
  EXPECT_EQ(r->trained_on, 0u);
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].line, 3u);
  EXPECT_EQ(r->rejected[0].error.field, "embedding");
  EXPECT_EQ(r->rejected[0].error.en, "has dimension 2, the other records have 3");
  EXPECT_EQ(r->rejected[1].line, 4u);
  EXPECT_EQ(r->rejected[1].error.en, "missing: the other records bring vectors of dimension 3");
  const std::map<std::string, Content> docs = Documents(tmp.Path("index"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs.at("Qa").has_vector);
  EXPECT_EQ(docs.at("Qa").vector_bytes, 3 * sizeof(float));
}

}  // namespace
}  // namespace hilfsnetz::indexer
