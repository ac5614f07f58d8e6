// End-to-end tests of the `hilfsnetz` executable: exit codes and messages of `index`, and
// `serve` as a child process stopped with SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/index_layout.h"
#include "ranking/searcher.h"
#include "server/api_keys.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using testing::TempDir;

struct Spawned {
  pid_t pid = -1;
};

// Starts HN_CLI_PATH with `args`, stdin from `stdin_path` (or /dev/null), stdout and stderr
// into tmp's "stdout" and "stderr".
Spawned Spawn(const TempDir& tmp, const std::vector<std::string>& args,
              const std::string& stdin_path = "/dev/null") {
  std::vector<std::string> full = {HN_CLI_PATH};
  full.insert(full.end(), args.begin(), args.end());
  return {testing::Child::Spawn(full, stdin_path, tmp.Path("stdout"), tmp.Path("stderr")).pid};
}

int Wait(pid_t pid, std::chrono::seconds timeout = std::chrono::seconds(30)) {
  return testing::WaitChild(pid, timeout);
}

struct RunResult {
  int exit_code = -1;
  std::string err;
};

RunResult RunCli(const TempDir& tmp, const std::vector<std::string>& args,
                 const std::string& stdin_path = "/dev/null") {
  Spawned s = Spawn(tmp, args, stdin_path);
  RunResult r;
  if (s.pid < 0) return r;
  const int status = Wait(s.pid);
  EXPECT_NE(status, -1) << "timed out";
  EXPECT_TRUE(WIFEXITED(status)) << "status " << status;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.err = testing::ReadFileOrDie(tmp.Path("stderr"));
  return r;
}

std::string Rec(const std::string& id, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","language":"de","title":"Tafel )" + id + "\"" + extra + "}\n";
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

uint64_t DocCount(const std::string& dir) {
  auto s = ranking::Searcher::Open(dir, {});
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? (*s)->DocCount() : 0;
}

TEST(AppIndex, RejectedLineGivesExit2AndNamesLineAndField) {
  TempDir tmp;
  Write(tmp.Path("in.jsonl"),
        Rec("gut-eins") + Rec("schlecht", R"(,"district":"Atlantis")") + Rec("gut-zwei"));
  RunResult r = RunCli(tmp, {"index", "--input", tmp.Path("in.jsonl"), "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("line 2: district: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Atlantis"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("indexed 2 of 3 records"), std::string::npos) << r.err;
  EXPECT_EQ(DocCount(tmp.Path("idx")), 2u);
}

TEST(AppIndex, AllGoodGivesExit0) {
  TempDir tmp;
  Write(tmp.Path("in.jsonl"), Rec("a") + Rec("b") + Rec("c"));
  RunResult r = RunCli(tmp, {"index", "--input", tmp.Path("in.jsonl"), "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("indexed 3 of 3 records"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("line "), std::string::npos) << r.err;
  EXPECT_EQ(DocCount(tmp.Path("idx")), 3u);
}

TEST(AppIndex, UpsertModeAppliesTheFileToTheLiveIndexAndKeepsTheRest) {
  TempDir tmp;
  Write(tmp.Path("in.jsonl"), Rec("a") + Rec("b") + Rec("c"));
  ASSERT_EQ(
      RunCli(tmp, {"index", "--input", tmp.Path("in.jsonl"), "--index", tmp.Path("idx")}).exit_code,
      0);
  const auto generation = layout::ReadCurrent(tmp.Path("idx"));
  Write(tmp.Path("up.jsonl"), Rec("b", R"(,"summary":"neu")") + "\n" +
                                  Rec("schlecht", R"(,"district":"Atlantis")") + Rec("d") +
                                  "not json\n");
  RunResult r = RunCli(tmp, {"index", "--mode", "upsert", "--input", tmp.Path("up.jsonl"),
                             "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("line 3: district: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 5: (record): invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 added, 1 replaced, 2 problems (5 lines)"), std::string::npos) << r.err;
  EXPECT_EQ(DocCount(tmp.Path("idx")), 4u) << "a, b (new), c, d";
  EXPECT_EQ(layout::ReadCurrent(tmp.Path("idx")).value(), generation.value())
      << "no new generation";
  auto s = ranking::Searcher::Open(tmp.Path("idx"), {});
  ASSERT_TRUE(s.ok());
  auto b = (*s)->Get("b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->summary, "neu");

  r = RunCli(tmp, {"index", "--mode", "upsert", "--input", tmp.Path("up.jsonl"), "--index",
                   tmp.Path("none")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("build one first (--mode replace)"), std::string::npos) << r.err;
}

TEST(AppIndex, RollbackRepublishesThePreviousCompleteGeneration) {
  TempDir tmp;
  Write(tmp.Path("one.jsonl"), Rec("a") + Rec("b") + Rec("c"));
  Write(tmp.Path("two.jsonl"), Rec("x"));
  ASSERT_EQ(RunCli(tmp, {"index", "--input", tmp.Path("one.jsonl"), "--index", tmp.Path("idx")})
                .exit_code,
            0);
  const std::string first = layout::ReadCurrent(tmp.Path("idx")).value();
  ASSERT_EQ(RunCli(tmp, {"index", "--input", tmp.Path("two.jsonl"), "--index", tmp.Path("idx")})
                .exit_code,
            0);
  const std::string second = layout::ReadCurrent(tmp.Path("idx")).value();
  EXPECT_EQ(DocCount(tmp.Path("idx")), 1u) << "the bad export is live";
  // An incomplete generation (a build killed before writing its database), older than both:
  // never a rollback target.
  std::filesystem::create_directories(tmp.Path("idx") + "/gen-000000");

  RunResult r = RunCli(tmp, {"index", "--rollback", "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("back from " + second + " to " + first), std::string::npos) << r.err;
  EXPECT_EQ(layout::ReadCurrent(tmp.Path("idx")).value(), first);
  EXPECT_EQ(DocCount(tmp.Path("idx")), 3u);

  r = RunCli(tmp, {"index", "--rollback", "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 1) << "nothing complete is older than the first build";
  EXPECT_NE(r.err.find("no complete generation older than " + first), std::string::npos) << r.err;
  EXPECT_EQ(layout::ReadCurrent(tmp.Path("idx")).value(), first) << "and nothing changed";

  r = RunCli(tmp, {"index", "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--input is required (or --rollback)"), std::string::npos) << r.err;
}

TEST(AppIndex, MissingInputGivesExit1AndNoIndex) {
  TempDir tmp;
  RunResult r =
      RunCli(tmp, {"index", "--input", tmp.Path("missing.jsonl"), "--index", tmp.Path("idx")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
  EXPECT_FALSE(layout::ReadCurrent(tmp.Path("idx")).ok());
}

TEST(AppIndex, DashReadsStdin) {
  TempDir tmp;
  Write(tmp.Path("in.jsonl"), Rec("x") + Rec("y"));
  RunResult r =
      RunCli(tmp, {"index", "--input", "-", "--index", tmp.Path("idx")}, tmp.Path("in.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(DocCount(tmp.Path("idx")), 2u);
}

TEST(AppIndex, MissingRequiredOptionIsAUsageError) {
  TempDir tmp;
  RunResult r = RunCli(tmp, {"index", "--input", "-"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--index"), std::string::npos) << r.err;
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

TEST(AppServe, ServesUntilSigtermThenExits0) {
  TempDir tmp;
  Write(tmp.Path("in.jsonl"), Rec("serve-me") + Rec("and-me"));
  ASSERT_EQ(
      RunCli(tmp, {"index", "--input", tmp.Path("in.jsonl"), "--index", tmp.Path("idx")}).exit_code,
      0);
  const int port = FreePort();
  ASSERT_GT(port, 0);
  Spawned s = Spawn(
      tmp, {"serve", "--index", tmp.Path("idx"), "--port", std::to_string(port), "--threads", "2"});
  ASSERT_GT(s.pid, 0);
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  bool healthy = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!healthy && std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/healthz");
    healthy = res && res->status == 200;
    if (!healthy) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(healthy) << testing::ReadFileOrDie(tmp.Path("stderr"));
  if (healthy) {
    auto res = client.Get("/v1/initiatives/serve-me");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    auto ready = client.Get("/readyz");
    ASSERT_TRUE(ready);
    EXPECT_NE(ready->body.find("\"documents\":2"), std::string::npos) << ready->body;
  }
  ASSERT_EQ(::kill(s.pid, SIGTERM), 0);
  const int status = Wait(s.pid, std::chrono::seconds(10));
  ASSERT_NE(status, -1) << "serve did not stop within 10 s of SIGTERM";
  EXPECT_TRUE(WIFEXITED(status)) << "status " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << testing::ReadFileOrDie(tmp.Path("stderr"));
  EXPECT_NE(testing::ReadFileOrDie(tmp.Path("stderr")).find("serving"), std::string::npos);
}

TEST(AppServe, MissingIndexGivesExit1) {
  TempDir tmp;
  RunResult r = RunCli(tmp, {"serve", "--index", tmp.Path("none"), "--port", "0"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
}

TEST(AppKeys, NewPrintsAKeyAndTheHashedLineTheServerAccepts) {
  TempDir tmp;
  RunResult r = RunCli(tmp, {"keys", "new", "--name", "portal", "--scope", "write"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out = testing::ReadFileOrDie(tmp.Path("stdout"));
  const size_t k = out.find("key:  hn_"), l = out.find("line: portal write sha256:");
  ASSERT_NE(k, std::string::npos) << out;
  ASSERT_NE(l, std::string::npos) << out;
  const std::string key = out.substr(k + 6, out.find('\n', k) - k - 6);
  const std::string line = out.substr(l + 6, out.find('\n', l) - l - 6);
  EXPECT_EQ(line.find(key), std::string::npos) << "the line holds the hash, not the key";
  EXPECT_EQ(line, "portal write sha256:" + server::Sha256Hex(key));

  r = RunCli(tmp, {"keys", "new", "--name", "two words"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: --name: must be 1 to 64 letters"), std::string::npos) << r.err;
}

TEST(AppServe, BadKeysFileGivesExit1NamingLineAndField) {
  TempDir tmp;
  Write(tmp.Path("keys"), "# keys\nportal read 0123456789abcdef\nstaff admin 0123456789abcdef\n");
  RunResult r = RunCli(
      tmp, {"serve", "--index", tmp.Path("none"), "--port", "0", "--keys", tmp.Path("keys")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("error: --keys: " + tmp.Path("keys") +
                       " line 3: scope: must be read or write, not \"admin\""),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("0123456789abcdef"), std::string::npos) << "never print a key";

  r = RunCli(tmp, {"serve", "--index", tmp.Path("none"), "--port", "0", "--require-read-key"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--require-read-key without any key"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hilfsnetz
