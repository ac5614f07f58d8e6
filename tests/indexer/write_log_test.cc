// The write-ahead log (indexer/write_log.h) and the writer's replay of it (indexer/live_writer.h):
// what a crash leaves in the log is applied when the index is next opened for writing, exactly
// once; a torn last entry (never acknowledged) is cut off; damage before the newest entry
// refuses to open rather than serve without acknowledged writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/index_layout.h"
#include "indexer/live_writer.h"
#include "indexer/write_log.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

namespace fs = std::filesystem;
using indexer::LogEntry;
using indexer::WriteLog;
using ::testing::HasSubstr;

LogEntry Upsert(uint64_t seq, const std::string& id, const std::string& title) {
  return {seq, LogEntry::Kind::kUpsert, id,
          nlohmann::json{{"id", id}, {"title", title}, {"postcode", "12047"}}.dump()};
}

std::vector<std::string> LogFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("writes-", 0) == 0) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(WriteLog, EntriesSurviveReopeningInOrder) {
  testing::TempDir dir;
  std::vector<LogEntry> read;
  {
    auto log = WriteLog::Open(dir.path(), &read);
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_TRUE(read.empty());
    ASSERT_TRUE(log->Append({Upsert(1, "a", "Tafel A"), Upsert(2, "b", "Tafel B")}).ok());
    ASSERT_TRUE(log->Rotate().ok());
    ASSERT_TRUE(log->Append({{3, LogEntry::Kind::kDelete, "a", ""}}).ok());
  }
  auto log = WriteLog::Open(dir.path(), &read);
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].seq, 1u);
  EXPECT_EQ(read[0].id, "a");
  EXPECT_THAT(read[1].json, HasSubstr("Tafel B"));
  EXPECT_EQ(read[2].kind, LogEntry::Kind::kDelete);
  EXPECT_EQ(read[2].id, "a");
  EXPECT_EQ(read[2].json, "");
  // Two files with entries and a new one to append to; the files up to seq 2 can go.
  EXPECT_EQ(log->file_count(), 3u);
  log->DropApplied(2);
  EXPECT_EQ(log->file_count(), 2u);
  log->DropApplied(3);
  EXPECT_EQ(log->file_count(), 1u) << "the file appended to stays";
  EXPECT_EQ(LogFiles(dir.path()).size(), 1u);
}

TEST(WriteLog, ATornLastEntryIsCutOffAndNotReplayed) {
  testing::TempDir dir;
  std::vector<LogEntry> read;
  {
    auto log = WriteLog::Open(dir.path(), &read);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(log->Append({Upsert(1, "a", "Tafel A"), Upsert(2, "b", "Tafel B")}).ok());
  }
  const std::string file = LogFiles(dir.path()).back();
  const uintmax_t intact = fs::file_size(file);
  {
    // A crash in the middle of the third entry's append: its length, checksum, half a payload.
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out.write("\x40\x00\x00\x00\x12\x34\x56\x78\x03\x00", 10);
  }
  auto log = WriteLog::Open(dir.path(), &read);
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].id, "b");
  EXPECT_EQ(fs::file_size(file), intact) << "the torn tail is cut off";
}

TEST(WriteLog, DamageBeforeTheNewestFileRefusesToOpen) {
  testing::TempDir dir;
  std::vector<LogEntry> read;
  {
    auto log = WriteLog::Open(dir.path(), &read);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(log->Append({Upsert(1, "a", "Tafel A"), Upsert(2, "b", "Tafel B")}).ok());
    ASSERT_TRUE(log->Rotate().ok());
    ASSERT_TRUE(log->Append({Upsert(3, "c", "Tafel C")}).ok());
  }
  const std::string first = LogFiles(dir.path()).front();
  {
    std::fstream f(first, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(40);  // inside the first entry's payload: its checksum no longer matches
    f.put('#');
  }
  read.clear();
  auto log = WriteLog::Open(dir.path(), &read);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(log.status().message(), HasSubstr(first));
  EXPECT_THAT(log.status().message(), HasSubstr("is damaged at byte 8"));
}

// A crash after acknowledging writes that were only logged: the next writer applies them
// before it takes any write, and they are then in the database (searchers see them), not only
// in the writer's memory; entries the database already holds are not applied again.
TEST(WriteLog, TheWriterReplaysWhatACrashLeftInTheLogOnce) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto gen = layout::CurrentGenerationPath(index->dir());
  ASSERT_TRUE(gen.ok()) << gen.status();
  auto searcher = index->OpenSearcher();
  ASSERT_TRUE(searcher);
  auto all = searcher->GetJson("refugees-on-rails");
  ASSERT_TRUE(all.ok()) << "the sample has the record deleted below";
  {
    std::vector<LogEntry> read;
    auto log = WriteLog::Open(*gen, &read);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(log->Append({Upsert(1, "quarz", "Quarzelia Treff"),
                             {2, LogEntry::Kind::kDelete, "refugees-on-rails", ""},
                             Upsert(3, "quarz", "Quarzelia Treffpunkt")})
                    .ok());
  }
  EXPECT_GT(WriteLog::PendingBytes(*gen), 0u) << "what a server without a writer warns about";
  {
    auto writer = indexer::LiveWriter::Open(index->dir());
    ASSERT_TRUE(writer.ok()) << writer.status();
    EXPECT_EQ(WriteLog::PendingBytes(*gen), 0u);
    EXPECT_FALSE((*writer)->Pending("quarz")) << "replayed into the database, not the overlay";
    auto current = (*writer)->Current("quarz");
    ASSERT_TRUE(current.ok()) << current.status();
    EXPECT_THAT(current->json, HasSubstr("Quarzelia Treffpunkt")) << "the later write wins";
    EXPECT_EQ((*writer)->Current("refugees-on-rails").status().code(), StatusCode::kNotFound);
  }
  ASSERT_TRUE(searcher->Refresh().ok());
  auto got = searcher->GetJson("quarz");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, HasSubstr("Quarzelia Treffpunkt"));
  EXPECT_EQ(searcher->GetJson("refugees-on-rails").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(LogFiles(*gen).size(), 1u) << "the replayed file is deleted; one to append to";

  // A log entry the database already holds (seq <= the applied one) is not applied again:
  // here an older version of "quarz" left behind, e.g. a file whose deletion was lost.
  {
    std::vector<LogEntry> read;
    auto log = WriteLog::Open(*gen, &read);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(log->Append({Upsert(1, "quarz", "Quarzelia Treff")}).ok());
  }
  {
    indexer::WriterOptions slow;
    slow.refresh_interval = std::chrono::minutes(10);  // only WaitVisible commits
    auto writer = indexer::LiveWriter::Open(index->dir(), slow);
    ASSERT_TRUE(writer.ok()) << writer.status();
    auto current = (*writer)->Current("quarz");
    ASSERT_TRUE(current.ok());
    EXPECT_THAT(current->json, HasSubstr("Quarzelia Treffpunkt"));
    // New writes continue after the highest sequence number seen.
    auto put = (*writer)->Put("neu", R"({"title":"Neu","postcode":"12047"})", "");
    ASSERT_TRUE(put.ok()) << put.error.status;
    EXPECT_GT(put.value->seq, 3u);
    EXPECT_TRUE((*writer)->Pending("neu")) << "logged, not yet committed";
    EXPECT_TRUE((*writer)->WaitVisible(put.value->seq, std::chrono::seconds(30)));
    EXPECT_FALSE((*writer)->Pending("neu"));
  }
}

TEST(WriteLog, TheWriterStartsANewFileEvery4MiBAndDeletesFullOnesOnceCommitted) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto gen = layout::CurrentGenerationPath(index->dir());
  ASSERT_TRUE(gen.ok()) << gen.status();
  auto writer = indexer::LiveWriter::Open(index->dir());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::vector<std::string> before = LogFiles(*gen);
  ASSERT_EQ(before.size(), 1u);
  std::string description;
  while (description.size() < 15000) description += "Fahrradwerkstatt im Kiez repariert ";
  // ~15 KB a record: 300 of them fill more than one 4 MiB file. Written by six clients at
  // once, as a portal's staff would, so that commits take several writes each (one at a time,
  // each waiting for its own commit, took 40 s under AddressSanitizer).
  constexpr int kClients = 6;
  constexpr int kPerClient = 50;
  std::vector<uint64_t> last(kClients, 0);
  std::vector<std::string> errors(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int k = 0; k < kPerClient; ++k) {
        const int i = c * kPerClient + k;
        auto put = (*writer)->Put("gross-" + std::to_string(i),
                                  nlohmann::json{{"title", "Werkstatt " + std::to_string(i)},
                                                 {"postcode", "12047"},
                                                 {"description", description}}
                                      .dump(),
                                  "");
        if (!put.ok()) {
          errors[c] = put.error.status.ToString();
          return;
        }
        last[c] = std::max(last[c], put.value->seq);
      }
    });
  }
  for (std::thread& t : clients) t.join();
  for (const std::string& e : errors) ASSERT_EQ(e, "");
  ASSERT_TRUE((*writer)->WaitVisible(*std::max_element(last.begin(), last.end()),
                                     std::chrono::seconds(60)));
  // The publisher deletes the full file right after it counts its writes as visible.
  std::vector<std::string> after;
  for (int i = 0; i < 100; ++i) {
    after = LogFiles(*gen);
    if (std::find(after.begin(), after.end(), before[0]) == after.end()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(after.size(), 1u) << "only the file appended to stays";
  EXPECT_NE(after.front(), before[0]) << "the full file is deleted once its writes are committed";
  // writes-NNNNNNNNNN.log: one new file for ~4.5 MiB, not one per commit.
  const auto number = [](const std::string& path) {
    const std::string name = fs::path(path).filename().string();
    return std::stoull(name.substr(7, 10));
  };
  EXPECT_EQ(number(after.front()), number(before[0]) + 1);
  EXPECT_EQ((*writer)->Stats().pending, 0u);
}

}  // namespace
}  // namespace hilfsnetz
