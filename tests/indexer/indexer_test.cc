// Tests of indexer::BuildIndex: the build report, generations published through CURRENT,
// readers across a rebuild, failure atomicity and duplicate ids.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"
#include "indexer/build_lock.h"
#include "indexer/index_builder.h"
#include "ranking/searcher.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::indexer {
namespace {

namespace fs = std::filesystem;
using testing::BuildFromJsonl;
using testing::StatusIs;
using testing::TempDir;

using testing::RecordLine;

std::set<std::string> Generations(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("gen-", 0) == 0) out.insert(name);
  }
  return out;
}

std::vector<std::string> SearchIds(ranking::Searcher& s, const std::string& q) {
  ranking::SearchRequest req;
  req.q = q;
  req.per_page = 100;
  auto r = s.Search(req);
  EXPECT_TRUE(r.ok()) << r.status();
  std::vector<std::string> ids;
  if (r.ok()) {
    for (const auto& h : r->hits) ids.push_back(h.record.id);
  }
  return ids;
}

std::unique_ptr<ranking::Searcher> Open(const std::string& dir) {
  auto s = ranking::Searcher::Open(dir, {});
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

TEST(BuildIndex, ReportsRejectedLinesAndIndexesTheGoodOnes) {
  TempDir tmp;
  const std::string jsonl =
      RecordLine("tafel-moabit", "Tafel Moabit", R"(,"district":"Mitte")") +  // 1
      RecordLine("b", "Bad district", R"(,"district":"Atlantis")") +          // 2
      "{\"id\": \"c\", \"title\": \n" +                                       // 3
      RecordLine("d", "Unknown field", R"(,"foo":1)") +                       // 4
      RecordLine("kleiderkammer-x", "Kleiderkammer Wedding") +                // 5
      "\n" +                                                                  // 6
      RecordLine("fahrrad-y", "Fahrradwerkstatt Neukölln");                   // 7
  auto report = BuildFromJsonl(jsonl, tmp.Path("index"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->lines, 7u);
  EXPECT_EQ(report->indexed, 3u);
  ASSERT_EQ(report->rejected.size(), 3u);
  EXPECT_EQ(report->rejected[0].line, 2u);
  EXPECT_EQ(report->rejected[0].error.field, "district");
  EXPECT_NE(report->rejected[0].error.en.find("Atlantis"), std::string::npos)
      << report->rejected[0].error.en;
  EXPECT_FALSE(report->rejected[0].error.de.empty());
  EXPECT_EQ(report->rejected[1].line, 3u);
  EXPECT_EQ(report->rejected[1].error.field, "");
  EXPECT_EQ(report->rejected[1].error.en.rfind("invalid JSON", 0), 0u)
      << report->rejected[1].error.en;
  EXPECT_EQ(report->rejected[2].line, 4u);
  EXPECT_EQ(report->rejected[2].error.field, "foo");
  EXPECT_FALSE(report->generation.empty());

  auto current = layout::ReadCurrent(tmp.Path("index"));
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(*current, report->generation);

  auto s = Open(tmp.Path("index"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->DocCount(), 3u);
  EXPECT_EQ(SearchIds(*s, "Tafel"), std::vector<std::string>{"tafel-moabit"});
  EXPECT_EQ(SearchIds(*s, "Kleiderkammer"), std::vector<std::string>{"kleiderkammer-x"});
  EXPECT_EQ(SearchIds(*s, "Fahrradwerkstatt"), std::vector<std::string>{"fahrrad-y"});
  EXPECT_EQ(s->Get("b").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(s->Get("d").status().code(), StatusCode::kNotFound);
  auto a = s->Get("tafel-moabit");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->district, "Mitte");
}

TEST(BuildIndex, SampleCorpusIndexesEveryRecord) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->report().lines, 270u);
  EXPECT_EQ(index->report().indexed, 270u);
  for (const auto& r : index->report().rejected) {
    ADD_FAILURE() << "line " << r.line << ": " << r.error.field << ": " << r.error.en;
  }
}

TEST(BuildIndex, RebuildPublishesANewGenerationAndOldReadersKeepTheirs) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto first = BuildFromJsonl(
      RecordLine("alt", "Alte Fassung Tafel") + RecordLine("bleibt", "Bleibt Tafel"), dir);
  ASSERT_TRUE(first.ok()) << first.status();
  auto old_reader = Open(dir);
  ASSERT_TRUE(old_reader);
  EXPECT_EQ(old_reader->generation(), first->generation);

  // A reader polls CURRENT during the rebuild: it must only ever see a complete name.
  std::atomic<bool> done{false};
  std::set<std::string> seen;
  std::thread poller([&] {
    while (!done.load()) {
      auto c = layout::ReadCurrent(dir);
      seen.insert(c.ok() ? *c : "ERROR " + c.status().ToString());
    }
  });
  std::string big;
  for (int i = 0; i < 300; ++i) big += RecordLine("neu-" + std::to_string(i), "Neue Fassung Tafel");
  auto second = BuildFromJsonl(big + RecordLine("bleibt", "Bleibt Tafel"), dir);
  done = true;
  poller.join();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->generation, first->generation);
  EXPECT_GT(second->generation, first->generation);
  EXPECT_EQ(seen.size() <= 2 && !seen.empty(), true) << ::testing::PrintToString(seen);
  for (const std::string& s : seen) {
    EXPECT_TRUE(s == first->generation || s == second->generation) << s;
  }
  auto current = layout::ReadCurrent(dir);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(*current, second->generation);
  EXPECT_FALSE(fs::exists(dir + "/CURRENT.tmp"));
  // CURRENT is exactly one line naming the generation.
  std::string text = testing::ReadFileOrDie(dir + "/CURRENT");
  EXPECT_TRUE(text == second->generation || text == second->generation + "\n") << text;

  // The reader opened before the rebuild still answers from the old generation...
  EXPECT_EQ(old_reader->generation(), first->generation);
  EXPECT_EQ(old_reader->DocCount(), 2u);
  EXPECT_TRUE(old_reader->Get("alt").ok());
  EXPECT_EQ(old_reader->Get("neu-0").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SearchIds(*old_reader, "Alte"), std::vector<std::string>{"alt"});
  // ...and after Refresh() sees the new one.
  Status refreshed = old_reader->Refresh();
  ASSERT_TRUE(refreshed.ok()) << refreshed;
  EXPECT_EQ(old_reader->generation(), second->generation);
  EXPECT_EQ(old_reader->DocCount(), 301u);
  EXPECT_EQ(old_reader->Get("alt").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(old_reader->Get("neu-299").ok());
  EXPECT_TRUE(SearchIds(*old_reader, "Alte").empty());
  // Refresh when nothing changed is a no-op.
  ASSERT_TRUE(old_reader->Refresh().ok());
  EXPECT_EQ(old_reader->generation(), second->generation);
}

TEST(BuildIndex, OldGenerationsBeyondKeepAreRemoved) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  std::vector<std::string> gens;
  for (int i = 0; i < 3; ++i) {
    auto r = BuildFromJsonl(RecordLine("x", "Tafel " + std::to_string(i)), dir);
    ASSERT_TRUE(r.ok()) << r.status();
    gens.push_back(r->generation);
  }
  EXPECT_EQ(Generations(dir), (std::set<std::string>{gens[1], gens[2]}));
}

// Issue 11: a build killed after creating its generation but before publishing it left an
// orphan newer than the live one; the clean-up kept that orphan as "the old generation" and
// deleted the last good one, leaving nothing valid to roll back to.
TEST(BuildIndex, NeverPublishedGenerationsGoAndThePreviousOneStays) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto first = BuildFromJsonl(RecordLine("a", "Tafel eins"), dir);
  auto second = BuildFromJsonl(RecordLine("b", "Tafel zwei"), dir);
  ASSERT_TRUE(first.ok() && second.ok());
  const std::string orphan = layout::NextGenerationName(dir);  // the killed build's
  fs::create_directories(fs::path(dir) / orphan);
  std::ofstream(fs::path(dir) / orphan / "postlist.glass") << std::string(1 << 20, 'x');
  auto third = BuildFromJsonl(RecordLine("c", "Tafel drei"), dir);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_GT(third->generation, orphan);
  EXPECT_EQ(Generations(dir), (std::set<std::string>{second->generation, third->generation}));
  // A directory whose first build was killed: the orphan goes, nothing else is there.
  const std::string fresh = tmp.Path("fresh");
  fs::create_directories(fs::path(fresh) / "gen-000001");
  auto built = BuildFromJsonl(RecordLine("d", "Tafel vier"), fresh);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(Generations(fresh), (std::set<std::string>{built->generation}));
}

// Issue 11: two `hilfsnetz index` runs into one directory chose the same generation and
// overwrote each other. A build holds DIR/LOCK; the second fails at once, naming the lock and
// the holder, and changes nothing.
TEST(BuildIndex, ASecondBuildIntoTheSameDirectoryFailsAndTouchesNothing) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto first = BuildFromJsonl(RecordLine("alt", "Alte Tafel"), dir);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::set<std::string> before = Generations(dir);
  {
    Result<BuildLock> held = BuildLock::Acquire(dir);  // another build, as far as flock knows
    ASSERT_TRUE(held.ok()) << held.status();
    auto second = BuildFromJsonl(RecordLine("neu", "Neue Tafel"), dir);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(second.status().message(), ::testing::HasSubstr(dir + "/LOCK"));
    EXPECT_THAT(second.status().message(),
                ::testing::HasSubstr("pid " + std::to_string(::getpid())));
    EXPECT_EQ(Generations(dir), before);
    EXPECT_EQ(*layout::ReadCurrent(dir), first->generation);
  }
  // Released (also when the holder dies: the kernel drops a flock with its process).
  auto third = BuildFromJsonl(RecordLine("neu", "Neue Tafel"), dir);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*layout::ReadCurrent(dir), third->generation);
}

// Builds racing on one directory: each either fails on the lock or publishes a generation of
// its own; CURRENT always names a complete generation with all of one build's records.
TEST(BuildIndex, RacingBuildsNeverShareOrDamageAGeneration) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  ASSERT_TRUE(BuildFromJsonl(RecordLine("seed", "Tafel"), dir).ok());
  std::string big_a, big_b;
  for (int i = 0; i < 300; ++i) {
    big_a += RecordLine("a" + std::to_string(i), "Kleiderkammer " + std::to_string(i));
    big_b += RecordLine("b" + std::to_string(i), "Sprachcafé " + std::to_string(i));
  }
  for (int round = 0; round < 3; ++round) {
    Result<BuildReport> ra = InternalError("not run"), rb = InternalError("not run");
    std::thread ta([&] { ra = BuildFromJsonl(big_a, dir); });
    std::thread tb([&] { rb = BuildFromJsonl(big_b, dir); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok() || rb.ok());
    for (const Result<BuildReport>* r : {&ra, &rb}) {
      if (!r->ok()) {
        EXPECT_EQ(r->status().code(), StatusCode::kFailedPrecondition);
      }
    }
    if (ra.ok() && rb.ok()) {
      EXPECT_NE(ra->generation, rb->generation);
    }
    auto s = Open(dir);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->DocCount(), 300u);
  }
}

// A stream buffer that serves `good` and then fails with an I/O error.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::string good) : good_(std::move(good)) {
    setg(good_.data(), good_.data(), good_.data() + good_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("disk on fire"); }

 private:
  std::string good_;
};

TEST(BuildIndex, FailedBuildLeavesCurrentUntouched) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto first = BuildFromJsonl(RecordLine("alt", "Alte Tafel"), dir);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::set<std::string> before = Generations(dir);

  FailingBuf buf(RecordLine("neu", "Neue Tafel") + RecordLine("neu2", "Neue Tafel"));
  std::istream in(&buf);
  auto failed = BuildIndex(in, dir, {});
  ASSERT_FALSE(failed.ok()) << "a read error must fail the build";
  EXPECT_NE(failed.status().code(), StatusCode::kOk);

  auto current = layout::ReadCurrent(dir);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(*current, first->generation);
  EXPECT_EQ(Generations(dir), before) << "no half-built generation may remain";
  auto s = Open(dir);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->DocCount(), 1u);
  EXPECT_TRUE(s->Get("alt").ok());
  EXPECT_EQ(s->Get("neu").status().code(), StatusCode::kNotFound);
}

TEST(BuildIndex, UnwritableIndexDirLeavesCurrentUntouched) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto first = BuildFromJsonl(RecordLine("alt", "Alte Tafel"), dir);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  auto failed = BuildFromJsonl(RecordLine("neu", "Neue Tafel"), dir);
  ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(failed.ok());
  auto current = layout::ReadCurrent(dir);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(*current, first->generation);
}

TEST(BuildIndex, IndexDirUnderARegularFileFails) {
  TempDir tmp;
  { std::ofstream(tmp.Path("file")) << "x"; }
  auto failed = BuildFromJsonl(RecordLine("neu", "Neue Tafel"), tmp.Path("file") + "/index");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInternal) << failed.status();
}

TEST(BuildIndex, DuplicateIdsLaterLineWins) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  auto r =
      BuildFromJsonl(RecordLine("doppelt", "Erste Fassung") + RecordLine("anders", "Andere Tafel") +
                         RecordLine("doppelt", "Zweite Fassung"),
                     dir);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->lines, 3u);
  EXPECT_EQ(r->indexed, 2u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 1u);
  EXPECT_EQ(r->rejected[0].error.field, "id");
  EXPECT_NE(r->rejected[0].error.en.find("line 3"), std::string::npos) << r->rejected[0].error.en;
  auto s = Open(dir);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->DocCount(), 2u);
  auto rec = s->Get("doppelt");
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->title, "Zweite Fassung");
  EXPECT_TRUE(SearchIds(*s, "Erste").empty());
  EXPECT_EQ(SearchIds(*s, "Zweite"), std::vector<std::string>{"doppelt"});
}

TEST(BuildIndex, EmptyInputPublishesAnEmptyIndex) {
  TempDir tmp;
  auto r = BuildFromJsonl("", tmp.Path("index"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->lines, 0u);
  EXPECT_EQ(r->indexed, 0u);
  auto s = Open(tmp.Path("index"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->DocCount(), 0u);
  EXPECT_TRUE(SearchIds(*s, "").empty());
}

TEST(BuildIndex, EmptyInputWithoutPublishEmptyKeepsTheLiveIndex) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  ASSERT_TRUE(BuildFromJsonl(RecordLine("tafel", "Tafel Mitte"), dir).ok());
  BuildOptions options;
  options.publish_empty = false;
  std::istringstream in("{\"id\":\"ohne-titel\"}\n\n");
  auto r = BuildIndex(in, dir, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->generation, "") << "nothing published";
  EXPECT_EQ(r->indexed, 0u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].error.field, "title");
  auto s = Open(dir);
  ASSERT_TRUE(s);
  EXPECT_EQ(SearchIds(*s, "tafel"), std::vector<std::string>{"tafel"});
}

// A word longer than Xapian's term limit (245 bytes) once failed the whole build ("Term too
// long"); such words are no words anyone searches for and are dropped (text::kMaxWordBytes).
TEST(BuildIndex, OverlongWordsAreDroppedNotFatal) {
  TempDir tmp;
  const std::string dir = tmp.Path("index");
  const std::string word(250, 'a');  // a title has at most 300 characters
  auto r = BuildFromJsonl(R"({"id":"lang","title":"Tafel )" + word +
                              R"(","description":"Kleiderkammer )" + std::string(19000, 'b') +
                              R"("})"
                              "\n",
                          dir);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->indexed, 1u);
  auto s = Open(dir);
  ASSERT_TRUE(s);
  EXPECT_EQ(SearchIds(*s, "tafel"), std::vector<std::string>{"lang"});
  EXPECT_EQ(SearchIds(*s, "kleiderkammer"), std::vector<std::string>{"lang"});
  // Dropped from queries too (one analysis): it neither matches nor blocks a match.
  EXPECT_EQ(SearchIds(*s, "tafel " + word), std::vector<std::string>{"lang"});
}

TEST(Searcher, OpenWithoutIndexIsNotFound) {
  TempDir tmp;
  auto s = ranking::Searcher::Open(tmp.Path("nothing"), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

// An index written before the stored record became binary (format 1 stored JSON) is refused
// at open with a message saying what to do, instead of failing on every hit.
TEST(Searcher, OpenRefusesAnIndexOfAnotherFormatVersion) {
  TempDir tmp;
  ASSERT_TRUE(BuildFromJsonl(RecordLine("a", "Tafel"), tmp.Path("index")).ok());
  {
    Result<std::string> gen = layout::CurrentGenerationPath(tmp.Path("index"));
    ASSERT_TRUE(gen.ok());
    Xapian::WritableDatabase db(*gen, Xapian::DB_OPEN);
    db.set_metadata(std::string(layout::kMetaFormatVersion), "1");
    db.commit();
  }
  EXPECT_THAT(ranking::Searcher::Open(tmp.Path("index"), {}),
              StatusIs(StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("has format version '1', this build reads " +
                                            std::to_string(layout::kFormatVersion) +
                                            "; rebuild the index")));
}

// The concepts a record names are K terms without positions (writing them was a fifth of a
// commit); the positions of their naming words in title, summary and description are in
// kSlotConceptSpans, under the concept named, and a search marks them for a query naming that
// concept or one above it.
TEST(Searcher, MarksTheWordsNamingAConceptBelowTheQuerys) {
  TempDir tmp;
  ASSERT_TRUE(BuildFromJsonl(RecordLine("tafel", "Tafel Moabit",
                                        R"(,"description":"Wir verteilen Brot und Decken.",)"
                                        R"("needs":[{"type":"goods","description":"Brot"}])"),
                             tmp.Path("index"))
                  .ok());
  Result<std::string> gen = layout::CurrentGenerationPath(tmp.Path("index"));
  ASSERT_TRUE(gen.ok());
  {
    Xapian::Database db(*gen);
    const Xapian::Document doc = db.get_document(1);
    bool named = false;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).rfind(std::string(layout::kPrefixConcept), 0) != 0) continue;
      EXPECT_EQ(t.positionlist_count(), 0u) << *t;
      named = named || *t == std::string(layout::kPrefixConcept) + "brot";
    }
    EXPECT_TRUE(named);
    // "Brot" is the description's third word; the title's two words come first, then the
    // field gap (core/index_layout.h). The need's "Brot" is not highlighted, so not listed.
    const unsigned description_base = layout::NextFieldBase(0, false, 2);
    const std::string spans = doc.get_value(layout::kSlotConceptSpans);
    EXPECT_NE(spans.find("brot:" + std::to_string(description_base + 3)), std::string::npos)
        << spans;
    EXPECT_EQ(spans.find("brot:" + std::to_string(description_base + 3) + ","), std::string::npos)
        << spans;
  }
  Result<std::unique_ptr<ranking::Searcher>> s = ranking::Searcher::Open(tmp.Path("index"), {});
  ASSERT_TRUE(s.ok()) << s.status();
  ranking::SearchRequest req;
  req.q = "Lebensmittel";
  Result<ranking::SearchResult> r = (*s)->Search(req);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].highlights.description, "Wir verteilen <mark>Brot</mark> und Decken.");
}

TEST(BuildIndex, ProgressIsReported) {
  TempDir tmp;
  std::string jsonl;
  for (int i = 0; i < 5; ++i) jsonl += RecordLine("p" + std::to_string(i), "Tafel");
  std::istringstream in(jsonl);
  BuildOptions options;
  options.progress_every = 2;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  options.progress = [&](uint64_t lines, uint64_t indexed) { calls.emplace_back(lines, indexed); };
  auto r = BuildIndex(in, tmp.Path("index"), options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(calls, (std::vector<std::pair<uint64_t, uint64_t>>{{2, 2}, {4, 4}}));
}

}  // namespace
}  // namespace hilfsnetz::indexer
