// Tests of the parallel write of a build (issue 13: a build as fast as raw Xapian): records
// written by several threads into databases of their own and merged by Xapian's compaction give
// the index one writer gives, document by document under the same docids.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include <xapian.h>

#include "core/index_layout.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::indexer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A build written by `threads` writers, however few the records.
Result<BuildReport> Build(const std::string& jsonl, const std::string& dir, int threads) {
  BuildOptions options;
  options.write_threads = threads;
  options.min_records_per_shard = 1;
  return testing::BuildFromJsonl(jsonl, dir, options);
}

// Everything the index holds, by docid: each document's terms with wdf and positions, values
// (the vector too) and data; the statistics; the spelling dictionary; the metadata but the
// build time.
std::string Dump(const std::string& dir) {
  Result<std::string> gen = layout::ReadCurrent(dir);
  EXPECT_TRUE(gen.ok());
  Xapian::Database db(dir + "/" + *gen);
  std::ostringstream out;
  out << "docs " << db.get_doccount() << " last " << db.get_lastdocid() << " length "
      << db.get_total_length() << "\n";
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    out << "doc " << *it << " length " << db.get_doclength(*it) << "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      out << *t << ":" << t.get_wdf();
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
      out << " ";
    }
    out << "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      out << v.get_valueno() << "=" << *v << "\n";
    }
    out << doc.get_data() << "\n";
  }
  for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s) {
    out << "spelling " << *s << ":" << s.get_termfreq() << "\n";
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    if (*k == layout::kMetaBuiltAt) continue;
    out << "meta " << *k << "=" << db.get_metadata(*k) << "\n";
  }
  return out.str();
}

// The first `n` lines of the sample: enough records for several shards of every writer count
// below and a trained embedder (120 records, dimensions capped at 120), at under half the cost
// of all 270 (each build is three under ASan).
std::string SampleHead(size_t n) {
  std::string out;
  for (const std::string& line : testing::ReadLines(testing::SamplePath())) {
    if (n-- == 0) break;
    out += line + "\n";
  }
  return out;
}

std::string EmbedderBytes(const std::string& dir) {
  Result<std::string> gen = layout::ReadCurrent(dir);
  EXPECT_TRUE(gen.ok());
  return testing::ReadFileOrDie(dir + "/" + *gen + "/" + std::string(layout::kEmbedderFile));
}

TEST(ParallelBuild, SeveralWritersGiveTheIndexOfOne) {
  TempDir tmp;
  const std::string sample = SampleHead(120);
  auto one = Build(sample, tmp.Path("one"), 1);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->indexed, 120u);
  ASSERT_EQ(one->trained_on, 120u) << "the embedder is trained, so its bytes are compared too";
  const std::string expected = Dump(tmp.Path("one"));
  for (int threads : {2, 3}) {
    const std::string dir = tmp.Path("threads" + std::to_string(threads));
    auto built = Build(sample, dir, threads);
    ASSERT_TRUE(built.ok()) << built.status();
    EXPECT_EQ(built->indexed, 120u);
    EXPECT_EQ(built->trained_on, one->trained_on);
    // Compared whole rather than with EXPECT_EQ on the strings (megabytes of output).
    const std::string got = Dump(dir);
    EXPECT_EQ(got.size(), expected.size()) << threads << " writers";
    EXPECT_TRUE(got == expected) << threads << " writers: the index differs";
    EXPECT_EQ(EmbedderBytes(dir), EmbedderBytes(tmp.Path("one")));
    for (const auto& e : fs::directory_iterator(dir)) {
      EXPECT_EQ(e.path().filename().string().rfind("build-shard-", 0), std::string::npos)
          << e.path() << ": the scratch databases are removed";
    }
  }
}

TEST(ParallelBuild, RejectionsAndDuplicatesAsWithOneWriter) {
  TempDir tmp;
  std::string jsonl = SampleHead(120);
  // A broken line, and a later record with the id of the first one (which then moves to the
  // end of the index).
  jsonl += "{\"id\": 5}\n";
  jsonl += jsonl.substr(0, jsonl.find('\n') + 1);
  auto one = Build(jsonl, tmp.Path("one"), 1);
  auto two = Build(jsonl, tmp.Path("two"), 2);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->indexed, one->indexed);
  ASSERT_EQ(two->rejected.size(), one->rejected.size());
  ASSERT_GE(one->rejected.size(), 2u);  // the broken line (one per field) and the replaced one
  for (size_t i = 0; i < one->rejected.size(); ++i) {
    EXPECT_EQ(two->rejected[i].line, one->rejected[i].line);
    EXPECT_EQ(two->rejected[i].error, one->rejected[i].error);
  }
  EXPECT_TRUE(Dump(tmp.Path("two")) == Dump(tmp.Path("one")));
}

}  // namespace
}  // namespace hilfsnetz::indexer
