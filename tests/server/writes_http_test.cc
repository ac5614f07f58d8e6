// Writes over HTTP (issue 11): PUT, PATCH (JSON Merge Patch) and DELETE /v1/initiatives/{id}
// with a write key, ETag and If-Match, bulk writes, the rebuild of the whole collection (PUT
// /v1/initiatives), their errors (oversized bodies, a full disk), visibility in search and
// facets, durability across a restart, and the directory lock the server holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/index_builder.h"
#include "tests/server/raw_http.h"
#include "tests/support/http_test_server.h"
#include "tests/support/sanitizer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kWriteKey[] = "write-key-0123456789";
constexpr char kReadKey[] = "read-key-0123456789";

const char kNewRecord[] =
    R"({"title":"Laptopwerkstatt Xylofonia","language":"de",)"
    R"("summary":"Wir richten gespendete Laptops für Schülerinnen und Schüler her.",)"
    R"("postcode":"12047","topics":["digital"],)"
    R"("needs":[{"type":"goods","description":"Laptops","quantity":5}]})";

// `stamp` when it is an RFC 3339 UTC time within a minute of now, else a description of now.
std::string NowRfc3339Around(const json& stamp) {
  const auto now = std::chrono::system_clock::now();
  for (int delta = -60; delta <= 60; ++delta) {
    const std::time_t t = std::chrono::system_clock::to_time_t(now + std::chrono::seconds(delta));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (stamp.is_string() && stamp.get<std::string>() == buf) return buf;
  }
  return "a time within a minute of now";
}

// The value of a counter in a /metrics body (the counters of this test process: the server runs
// in it, and the snapshot counters are the process's); -1 when absent.
int64_t Counter(const std::string& metrics, const std::string& series) {
  const size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(metrics.substr(at + series.size() + 2));
}

// The same for a series in seconds; -1 when absent.
double Seconds(const std::string& metrics, const std::string& series) {
  const size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

class WritesHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = testing::TestIndex::Sample();
    ASSERT_TRUE(index_);
    Start();
  }

  void Start(int refresh_interval_ms = 250, size_t result_cache_bytes = 0) {
    server::ServerOptions options;
    options.index_dir = index_->dir();
    options.refresh_interval_ms = refresh_interval_ms;
    options.result_cache_bytes = result_cache_bytes;
    options.port = 0;
    options.threads = 2;
    options.access_log.clear();
    auto keys = server::ApiKeys::ParseFile(
        std::string("staff write ") + kWriteKey + "\nportal read " + kReadKey, "keys");
    ASSERT_TRUE(keys.ok()) << keys.status();
    options.keys = *keys;
    server_ = testing::HttpTestServer::Start(options);
    ASSERT_TRUE(server_);
  }

  // A write to one record asks ?refresh=wait unless its path has a query of its own: these
  // tests search right after writing (DefaultWrites... tests the default).
  httplib::Result Send(const std::string& method, std::string path, const std::string& body = "",
                       const std::string& type = "application/json",
                       httplib::Headers headers = {
                           {"Authorization", std::string("Bearer ") + kWriteKey}}) {
    httplib::Client c = server_->Client();
    if (method != "GET" && method != "POST" && path.find('?') == std::string::npos &&
        path.rfind("/v1/initiatives/", 0) == 0) {
      path += "?refresh=wait";
    }
    if (method == "PUT") return c.Put(path, headers, body, type);
    if (method == "PATCH") return c.Patch(path, headers, body, type);
    if (method == "DELETE") return c.Delete(path, headers);
    if (method == "POST") return c.Post(path, headers, body, type);
    return c.Get(path, headers);
  }

  int Total(const std::string& query) {
    auto r = server_->Client().Get("/v1/search?" + query);
    EXPECT_TRUE(r);
    if (!r) return -1;
    return json::parse(r->body)["total"].get<int>();
  }

  std::unique_ptr<testing::TestIndex> index_;
  std::unique_ptr<testing::HttpTestServer> server_;
};

// serve --result-cache-mb: a repeated search (the same request, its parameters in any order, by
// GET or POST) or suggestion is answered from the cache with the same bytes; a write makes a
// new revision, whose answers are computed afresh and show it.
TEST_F(WritesHttpTest, ResultCacheAnswersRepeatsUntilAWriteChangesTheIndex) {
  EXPECT_EQ(Counter(Send("GET", "/metrics")->body, "hilfsnetz_result_cache_entries"), -1)
      << "no cache unless asked for";
  server_.reset();
  Start(250, size_t{4} << 20);
  const std::string query = "q=Deutschkurs&district=Mitte&facets=district,need";
  auto first = Send("GET", "/v1/search?" + query);
  auto again = Send("GET", "/v1/search?facets=district,need&district=Mitte&q=Deutschkurs");
  auto posted = Send("POST", "/v1/search",
                     R"({"facets":["district","need"],"q":"Deutschkurs","district":["Mitte"]})");
  ASSERT_TRUE(first && again && posted);
  ASSERT_EQ(first->status, 200) << first->body;
  ASSERT_EQ(posted->status, 200) << posted->body;
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(posted->body, first->body);
  const int total = json::parse(first->body)["total"].get<int>();
  ASSERT_GT(total, 0);
  std::string metrics = Send("GET", "/metrics")->body;
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"miss\"}"), 1);
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"hit\"}"), 2);
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_entries"), 1);
  // Another page is another answer.
  ASSERT_EQ(Send("GET", "/v1/search?" + query + "&page=2")->status, 200);

  auto put = Send("PUT", "/v1/initiatives/deutschkurs-cache-test",
                  R"({"title":"Deutschkurs am Abend","postcode":"10115"})");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 201) << put->body;
  auto after = Send("GET", "/v1/search?" + query);
  ASSERT_TRUE(after);
  EXPECT_EQ(json::parse(after->body)["total"].get<int>(), total + 1) << after->body;
  metrics = Send("GET", "/metrics")->body;
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"miss\"}"), 3);
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"hit\"}"), 2);
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_evictions_total"), 2)
      << "the write's revision dropped the two answers of the one before";
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_entries"), 1);
  // The search box's suggestions are kept the same way.
  auto suggest = Send("GET", "/v1/suggest?q=deutschk");
  auto suggest_again = Send("GET", "/v1/suggest?q=deutschk");
  ASSERT_TRUE(suggest && suggest_again);
  ASSERT_EQ(suggest->status, 200) << suggest->body;
  EXPECT_NE(suggest->body.find("Deutschkurs"), std::string::npos) << suggest->body;
  EXPECT_EQ(suggest_again->body, suggest->body);
  metrics = Send("GET", "/metrics")->body;
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"miss\"}"), 4);
  EXPECT_EQ(Counter(metrics, "hilfsnetz_result_cache_lookups_total{result=\"hit\"}"), 3);
}

TEST_F(WritesHttpTest, PutCreatesThenReplacesWithETagAndIsFoundAtOnce) {
  const int before = Total("q=xylofonia");
  EXPECT_EQ(before, 0);
  const int neukoelln_goods = Total("district=Neuk%C3%B6lln&need=goods&per_page=1");

  auto r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez", kNewRecord);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->get_header_value("Location"), "/v1/initiatives/laptop-zwiebelkiez");
  json body = json::parse(r->body);
  const std::string version = body["version"];
  EXPECT_EQ(r->get_header_value("ETag"), "\"" + version + "\"");
  EXPECT_EQ(body["initiative"]["id"], "laptop-zwiebelkiez");
  EXPECT_EQ(body["initiative"]["district"], "Neukölln") << "derived from the postcode";
  EXPECT_EQ(body["initiative"]["status"], "active");
  EXPECT_EQ(body["initiative"]["updated_at"], NowRfc3339Around(body["initiative"]["updated_at"]))
      << "stamped with the time of the write";

  // Visible to the next request: search, the exact facet count, the record with its ETag.
  EXPECT_EQ(Total("q=xylofonia"), 1);
  EXPECT_EQ(Total("district=Neuk%C3%B6lln&need=goods&per_page=1"), neukoelln_goods + 1);
  auto got = server_->Client().Get("/v1/initiatives/laptop-zwiebelkiez");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("ETag"), "\"" + version + "\"");
  EXPECT_EQ(json::parse(got->body), body["initiative"]);

  // Replace: 200, a new version; the old words are gone.
  std::string replaced = kNewRecord;
  replaced.replace(replaced.find("Xylofonia"), 9, "Quarzelia");
  r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez", replaced);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(json::parse(r->body)["version"], version);
  EXPECT_EQ(Total("q=xylofonia"), 0);
  EXPECT_EQ(Total("q=quarzelia"), 1);
}

// Without ?refresh=wait a write is answered once it is durable (in the write log): the record
// is read at once (GET, the next write's If-Match), searches see it after the refresh
// interval, and a later ?refresh=wait write makes every earlier one visible with it.
TEST_F(WritesHttpTest, DefaultWritesAreReadAtOnceAndSearchedAfterTheRefreshInterval) {
  server_.reset();
  Start(/*refresh_interval_ms=*/60000);  // nothing becomes visible by the interval here
  auto metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  const int64_t built = Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"built\"}");
  const int64_t patched =
      Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"patched\"}");
  ASSERT_GE(built, 1) << "the server read its index once at start";
  auto r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez?refresh=false", kNewRecord);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_FALSE(json::parse(r->body).contains("visible")) << "only ?refresh=wait says";
  const std::string etag = r->get_header_value("ETag");
  auto got = server_->Client().Get("/v1/initiatives/laptop-zwiebelkiez");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("ETag"), etag);
  EXPECT_EQ(json::parse(got->body)["title"], "Laptopwerkstatt Xylofonia");
  EXPECT_EQ(Total("q=xylofonia"), 0) << "not yet committed";

  // A delete is read at once too, and If-Match checks the logged version.
  r = Send("DELETE", "/v1/initiatives/refugees-on-rails?refresh=false");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  got = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
  EXPECT_THAT(got->body, HasSubstr("refugees-on-rails"));
  httplib::Headers stale = {{"Authorization", std::string("Bearer ") + kWriteKey},
                            {"If-Match", "\"0123\""}};
  r = Send("PATCH", "/v1/initiatives/laptop-zwiebelkiez?refresh=false", R"({"status":"paused"})",
           "application/merge-patch+json", stale);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412);

  // ?refresh=wait: answered once searches see this write and every one before it.
  r = Send("PATCH", "/v1/initiatives/laptop-zwiebelkiez?refresh=wait", R"({"status":"paused"})",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["visible"], true);
  EXPECT_EQ(Total("q=xylofonia&status=paused"), 1);
  // The operator sees the log drained, in one commit of all three writes.
  metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("\nhilfsnetz_write_log_pending 0\n"));
  EXPECT_THAT(metrics->body, HasSubstr("\nhilfsnetz_write_commits_total 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("\nhilfsnetz_write_last_commit_writes 3\n"));
  EXPECT_THAT(metrics->body, HasSubstr("\nhilfsnetz_write_commit_failures_total 0\n"));
  // The server built that commit's snapshot itself, before answering "visible".
  EXPECT_GT(Seconds(metrics->body, "hilfsnetz_write_snapshot_seconds_total"), 0.0);
  // The searchers share one snapshot of facet columns and vectors per revision: the commit's
  // was patched from the one before, once, and none was read from every document again.
  EXPECT_EQ(Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"built\"}"), built);
  EXPECT_EQ(Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"patched\"}"),
            patched + 1);
  got = server_->Client().Get("/v1/search?q=refugees+on+rails&per_page=50");
  ASSERT_TRUE(got);
  EXPECT_THAT(got->body, ::testing::Not(HasSubstr("\"id\":\"refugees-on-rails\"")));

  // With the default interval, a write is searched within it (and one commit) unasked.
  server_.reset();
  Start();
  r = Send("PUT", "/v1/initiatives/quarz?refresh=false",
           R"({"title":"Quarzelia Treff","postcode":"12047"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201);
  const auto sent = std::chrono::steady_clock::now();
  while (Total("q=quarzelia") == 0 &&
         std::chrono::steady_clock::now() - sent < std::chrono::seconds(30)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Total("q=quarzelia"), 1);
}

TEST_F(WritesHttpTest, IfMatchMakesWritesConditional) {
  auto r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez", kNewRecord);
  ASSERT_TRUE(r);
  const std::string etag = r->get_header_value("ETag");

  httplib::Headers h = {{"Authorization", std::string("Bearer ") + kWriteKey},
                        {"If-Match", "\"0123456789abcdef0123456789abcdef\""}};
  r = Send("PATCH", "/v1/initiatives/laptop-zwiebelkiez", R"({"status":"paused"})",
           "application/merge-patch+json", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412);
  json p = json::parse(r->body);
  EXPECT_EQ(p["type"], "https://hilfsnetz.example.org/problems/failed-precondition");
  EXPECT_THAT(p["detail"].get<std::string>(), HasSubstr("read it again"));
  EXPECT_THAT(p["detail_de"].get<std::string>(), HasSubstr("bitte neu laden"));

  h = {{"Authorization", std::string("Bearer ") + kWriteKey}, {"If-Match", "W/" + etag}};
  r = Send("DELETE", "/v1/initiatives/laptop-zwiebelkiez", "", "", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412) << "a weak tag never matches";

  h = {{"Authorization", std::string("Bearer ") + kWriteKey}, {"If-Match", etag}};
  r = Send("PATCH", "/v1/initiatives/laptop-zwiebelkiez", R"({"status":"paused"})",
           "application/merge-patch+json", h);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["initiative"]["status"], "paused");
  EXPECT_EQ(Total("q=xylofonia"), 0) << "paused records are not searched by default";
  EXPECT_EQ(Total("q=xylofonia&status=paused"), 1);

  // The same version again: the record changed, so the old ETag no longer matches.
  r = Send("DELETE", "/v1/initiatives/laptop-zwiebelkiez", "", "", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412);
  h = {{"Authorization", std::string("Bearer ") + kWriteKey}, {"If-Match", "*"}};
  r = Send("PUT", "/v1/initiatives/nobody-here", kNewRecord, "application/json", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412) << "If-Match: * needs a stored record";
}

TEST_F(WritesHttpTest, MergePatchChangesNeedsAndIsValidatedWhole) {
  auto r = Send(
      "PATCH", "/v1/initiatives/refugees-on-rails",
      R"({"needs":[{"type":"money","description":"Laptops","amount_eur":3000,"raised_eur":500}]})",
      "application/merge-patch+json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json rec = json::parse(r->body)["initiative"];
  ASSERT_EQ(rec["needs"].size(), 1u);
  EXPECT_EQ(rec["needs"][0]["raised_eur"], 500);
  EXPECT_EQ(rec["title"], "Refugees on Rails") << "fields the patch leaves out stay";
  EXPECT_EQ(rec["updated_at"], NowRfc3339Around(rec["updated_at"]))
      << "an edit stamps the time it was made (the page's 'Zuletzt geändert')";
  // A write that gives updated_at keeps it (an import from another system).
  r = Send("PATCH", "/v1/initiatives/refugees-on-rails", R"({"updated_at":"2025-01-02T03:04:05Z"})",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["initiative"]["updated_at"], "2025-01-02T03:04:05Z");

  r = Send("PATCH", "/v1/initiatives/refugees-on-rails", R"({"title":null})",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  json p = json::parse(r->body);
  EXPECT_EQ(p["errors"][0]["field"], "title");
  EXPECT_EQ(p["errors"][0]["detail"], "required field is missing");

  r = Send("PATCH", "/v1/initiatives/refugees-on-rails", R"({"status":"paused"})",
           "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_THAT(r->body, HasSubstr("application/merge-patch+json"));

  r = Send("PATCH", "/v1/initiatives/refugees-on-rails", R"({"status":)",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["detail"],
            "invalid JSON at byte 10: syntax error while parsing value - unexpected end of input; "
            "expected '[', '{', or a literal");

  r = Send("PATCH", "/v1/initiatives/no-such-id", R"({"status":"paused"})",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  auto got = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(got);
  EXPECT_EQ(json::parse(got->body)["status"], "active") << "refused patches change nothing";
}

TEST_F(WritesHttpTest, BadRecordsAndKeysAreRefusedAndChangeNothing) {
  auto before = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(before);

  std::string other_id = kNewRecord;
  other_id.insert(1, R"("id":"someone-else",)");
  auto r = Send("PUT", "/v1/initiatives/refugees-on-rails", other_id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["field"], "id");

  std::string bad = kNewRecord;
  bad.replace(bad.find("\"postcode\":\"12047\""), 18, R"("district":"Kreuzkölln")");
  r = Send("PUT", "/v1/initiatives/refugees-on-rails", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["field"], "district");

  r = Send("PUT", "/v1/initiatives/refugees-on-rails", R"({"title":"x","colour":"red"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("unknown field"));

  r = Send("PUT", "/v1/initiatives/refugees-on-rails?refresh=later", kNewRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["parameter"], "refresh");
  EXPECT_EQ(json::parse(r->body)["valid_values"], json::array({"wait", "true", "false"}));
  r = Send("PUT", "/v1/initiatives/refugees-on-rails?refesh=wait", kNewRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["parameter"], "refesh");
  EXPECT_EQ(json::parse(r->body)["valid_values"], json::array({"refresh"}));

  r = Send("DELETE", "/v1/initiatives/refugees-on-rails", "", "", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = Send("DELETE", "/v1/initiatives/refugees-on-rails", "", "",
           {{"Authorization", std::string("Bearer ") + kReadKey}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(r->body, HasSubstr("\\\"portal\\\" may only read"));

  auto after = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, before->body);
  EXPECT_EQ(after->get_header_value("ETag"), before->get_header_value("ETag"));
}

TEST_F(WritesHttpTest, DeleteRemovesAndWritesSurviveARestart) {
  const int total = Total("per_page=1");
  auto r = Send("DELETE", "/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_TRUE(r->body.empty());
  r = Send("DELETE", "/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Total("per_page=1"), total - 1);
  r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez", kNewRecord);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201);
  const std::string etag = r->get_header_value("ETag");

  server_.reset();  // stop: the lock goes with the writer
  Start();
  EXPECT_EQ(Total("per_page=1"), total);
  auto got = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
  got = server_->Client().Get("/v1/initiatives/laptop-zwiebelkiez");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("ETag"), etag);
}

TEST_F(WritesHttpTest, BulkAppliesGoodLinesInOneCommitAndReportsEveryLine) {
  const int total = Total("per_page=1");
  const std::string body =
      R"({"upsert":{"id":"bulk-a","title":"Bulk Xylofonia","postcode":"12047"}})"
      "\n"
      R"({"upsert":{"id":"bulk-b","title":""}})"
      "\n"
      "not json\n"
      R"({"delete":"refugees-on-rails"})"
      "\r\n"
      R"({"delete":"nobody-here"})"
      "\n\n"
      R"({"upsert":{"id":"bulk-a","title":"Bulk Quarzelia","postcode":"10115"}})"
      "\n"
      R"({"delete":5,"upsert":{}})"
      "\n";
  auto metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  const double snapshot_seconds = Seconds(metrics->body, "hilfsnetz_write_snapshot_seconds_total");
  const int64_t patched =
      Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"patched\"}");
  auto r = Send("POST", "/v1/initiatives/bulk", body, "application/x-ndjson");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  // The server patched the bulk's snapshot before answering, not the first search after it.
  metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_GT(Seconds(metrics->body, "hilfsnetz_write_snapshot_seconds_total"), snapshot_seconds);
  EXPECT_EQ(Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"patched\"}"),
            patched + 1);
  json b = json::parse(r->body);
  EXPECT_EQ(b["added"], 1);
  EXPECT_EQ(b["replaced"], 1);
  EXPECT_EQ(b["deleted"], 1);
  EXPECT_EQ(b["not_found"], 1);
  EXPECT_EQ(b["rejected"], 3);
  ASSERT_EQ(b["items"].size(), 7u);
  const std::vector<std::pair<int, std::string>> want = {
      {1, "added"},     {2, "rejected"}, {3, "rejected"}, {4, "deleted"},
      {5, "not_found"}, {7, "replaced"}, {8, "rejected"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(b["items"][i]["line"], want[i].first) << i;
    EXPECT_EQ(b["items"][i]["result"], want[i].second) << i;
  }
  EXPECT_EQ(b["items"][1]["errors"][0]["field"], "upsert.title");
  EXPECT_EQ(b["items"][2]["errors"][0]["detail"],
            "invalid JSON at byte 1: syntax error while parsing value - invalid literal; last "
            "read: 'no'");
  EXPECT_EQ(b["items"][6]["errors"][0]["detail_de"],
            "eine Zeile ist {\"upsert\": {Datensatz}} oder {\"delete\": \"id\"}");

  EXPECT_EQ(Total("per_page=1"), total) << "one added, one deleted";
  EXPECT_EQ(Total("q=xylofonia"), 0) << "the later line for bulk-a wins";
  EXPECT_EQ(Total("q=quarzelia"), 1);
  auto got = server_->Client().Get("/v1/initiatives/bulk-a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->get_header_value("ETag"),
            "\"" + b["items"][5]["version"].get<std::string>() + "\"");

  r = Send("POST", "/v1/initiatives/bulk", body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  std::string many;
  for (int i = 0; i <= 10000; ++i)
    many += R"({"delete":"x"})"
            "\n";
  r = Send("POST", "/v1/initiatives/bulk", many, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("the bulk has 10001 lines; at most 10000 per request"));
  // The issue's 100,000 lines (1.5 MB: over the 1 MiB of other bodies, within the upload limit).
  for (int i = 10001; i < 100000; ++i)
    many += R"({"delete":"x"})"
            "\n";
  r = Send("POST", "/v1/initiatives/bulk", many, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["detail"],
            "the bulk has 100000 lines; at most 10000 per request");
  EXPECT_EQ(Total("q=quarzelia"), 1) << "nothing of a refused bulk is applied";
  auto options = server_->Client().Options("/v1/initiatives/bulk");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->get_header_value("Allow"), "OPTIONS, POST") << "not the initiative 'bulk'";
}

TEST_F(WritesHttpTest, ConcurrentWritersAreCommittedTogetherAndOneWinsEachVersion) {
  const int total = Total("per_page=1");
  // 8 writers of 40 new records each, at once: every one acknowledged and stored.
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        std::string rec = kNewRecord;
        auto r =
            Send("PUT", "/v1/initiatives/w" + std::to_string(t) + "-" + std::to_string(i), rec);
        if (r && r->status == 201) ++created;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(created.load(), 320);
  EXPECT_EQ(Total("per_page=1"), total + 320);

  // 8 staff members change the same record from the same version: exactly one succeeds.
  auto got = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(got);
  const std::string etag = got->get_header_value("ETag");
  threads.clear();
  std::atomic<int> ok{0}, stale{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Headers h = {{"Authorization", std::string("Bearer ") + kWriteKey},
                            {"If-Match", etag}};
      auto r = Send("PATCH", "/v1/initiatives/refugees-on-rails",
                    R"({"summary":"Änderung )" + std::to_string(t) + "\"}",
                    "application/merge-patch+json", h);
      if (r && r->status == 200) ++ok;
      if (r && r->status == 412) ++stale;
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(stale.load(), 7);

  // Without If-Match, concurrent patches of different fields all land: each merges with the
  // record as the one before it left it (a merge based on a version that changed meanwhile is
  // merged again).
  threads.clear();
  std::atomic<int> patched{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string patch = t % 2 ? R"({"contact":{"website":"https://example.org/a"}})"
                                      : R"({"contact":{"email":"a@example.org"}})";
      for (int i = 0; i < 5; ++i) {
        auto r = Send("PATCH", "/v1/initiatives/w0-0", patch, "application/merge-patch+json");
        if (r && r->status == 200) ++patched;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(patched.load(), 20);
  got = server_->Client().Get("/v1/initiatives/w0-0");
  ASSERT_TRUE(got);
  json contact = json::parse(got->body)["contact"];
  EXPECT_EQ(contact["email"], "a@example.org");
  EXPECT_EQ(contact["website"], "https://example.org/a");
}

// 8 readers (search with facets, suggest, a record, similar, recommendations) and 2 writers
// (up to 100 writes/s together) for 30 s (the issue's) and 30 writes at least: no read fails, and a
// search's facet counts always add up to its total (one generation, one commit state, per answer).
// Under AddressSanitizer 10 s and 10 writes: there the run looks for memory errors and races
// between readers and the writer, which seconds of it reach, and build/ runs the issue's 30 s.
TEST_F(WritesHttpTest, ReadersAndWritersTogetherWithoutErrors) {
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, writes{0}, failures{0};
  std::vector<std::thread> threads;
  const char* kReads[] = {
      "/v1/search?q=deutschkurs&facets=status&status=active&status=paused&status=completed",
      "/v1/suggest?q=kleiderk", "/v1/initiatives/refugees-on-rails",
      "/v1/initiatives/refugees-on-rails/similar?limit=5", "/v1/search?q=laptops&mode=hybrid"};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c = server_->Client();
      for (int i = t; !stop; ++i) {
        const std::string path = kReads[i % 5];
        auto r = c.Get(path);
        if (!r || r->status != 200) {
          ++failures;
          ADD_FAILURE() << path << ": " << (r ? std::to_string(r->status) + " " + r->body : "none");
          continue;
        }
        if (i % 5 == 0) {
          json b = json::parse(r->body);
          int sum = 0;
          for (auto& [k, v] : b["facets"]["status"].items()) sum += v.get<int>();
          if (sum != b["total"].get<int>()) {
            ++failures;
            ADD_FAILURE() << "facet counts " << sum << " vs total " << b["total"];
          }
        }
        auto rec = c.Post("/v1/recommendations", R"({"name":"X","district":"Mitte","limit":3})",
                          "application/json");
        if (!rec || rec->status != 200) ++failures;
        reads += 2;
      }
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto r =
            Send("PUT", "/v1/initiatives/rw" + std::to_string(t) + "-" + std::to_string(i % 50),
                 kNewRecord);
        if (r && (r->status == 200 || r->status == 201)) {
          ++writes;
        } else {
          ++failures;
        }
        // Two writers at up to 50 writes/s each: the issue's stream of 100 writes/s.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  // At least kSeconds and kWrites (a sanitizer build, its 2 workers busy with the readers,
  // writes far more slowly), at most 120 s.
  constexpr int kSeconds = testing::kUnderAddressSanitizer ? 10 : 30;
  constexpr int kWrites = testing::kUnderAddressSanitizer ? 10 : 30;
  const auto start = std::chrono::steady_clock::now();
  while (true) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if ((elapsed >= std::chrono::seconds(kSeconds) && writes >= kWrites) ||
        elapsed >= std::chrono::seconds(120)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 50);
  EXPECT_GE(writes.load(), kWrites);
}

// A record with a 6 MB description: PUT is refused at the door (413, the 1 MiB body limit);
// in a bulk (uploads may be larger) its line is refused by the codec. Nothing changes.
TEST_F(WritesHttpTest, OversizedRecordsAreRefusedAndChangeNothing) {
  auto before = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(before);
  const std::string huge(6 << 20, 'x');
  const std::string record = R"({"id":"refugees-on-rails","title":"Refugees on Rails",)"
                             R"("description":")" +
                             huge + R"("})";
  {
    // The server answers 413 after the head and closes; a client still sending the 6 MB would
    // write into a closed socket (SIGPIPE), so this one sends the head alone.
    testing::RawConnection c(server_->port());
    ASSERT_TRUE(
        c.Send("PUT /v1/initiatives/refugees-on-rails HTTP/1.1\r\nHost: t\r\n"
               "Authorization: Bearer " +
               std::string(kWriteKey) + "\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(record.size()) + "\r\n\r\n"));
    testing::RawResponse res = c.Read();
    EXPECT_EQ(res.status, 413);
    EXPECT_THAT(res.headers["content-type"], ::testing::StartsWith("application/problem+json"));
    EXPECT_EQ(json::parse(res.body)["detail"],
              "the request body is larger than 1024 KiB (after decoding)");
  }

  auto r = Send("POST", "/v1/initiatives/bulk", R"({"upsert":)" + record + "}\n",
                "application/x-ndjson");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 500);
  json b = json::parse(r->body);
  EXPECT_EQ(b["rejected"], 1);
  EXPECT_EQ(b["items"][0]["errors"][0]["field"], "upsert.description");
  EXPECT_EQ(b["items"][0]["errors"][0]["detail"], "too long: 6291456 characters, at most 20000");

  auto after = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, before->body);
  EXPECT_EQ(after->get_header_value("ETag"), before->get_header_value("ETag"));
}

// PUT /v1/initiatives: the whole collection from NDJSON, as `hilfsnetz index` builds it, through
// the server that holds the directory. Bad uploads change nothing; later writes go to the new
// generation and survive a restart.
TEST_F(WritesHttpTest, RebuildReplacesTheCollection) {
  const int total = Total("per_page=1");
  const std::string kNdjson = "application/x-ndjson";
  auto r = Send("PUT", "/v1/initiatives", R"({"id":"a","title":"A"})", kNdjson, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = Send("PUT", "/v1/initiatives", R"({"id":"a","title":"A"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  r = Send("PUT", "/v1/initiatives", "\n \n", kNdjson);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["detail"],
            "the body holds no record; the index stays as it was");
  r = Send("PUT", "/v1/initiatives",
           "\n"
           R"({"id":"a"})"
           "\n",
           kNdjson);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  json p = json::parse(r->body);
  EXPECT_EQ(p["errors"][0]["field"], "title");
  EXPECT_EQ(p["errors"][0]["detail"], "line 2: required field is missing");
  EXPECT_EQ(p["errors"][0]["detail_de"], "Zeile 2: Pflichtfeld fehlt");
  EXPECT_EQ(Total("per_page=1"), total) << "refused uploads change nothing";

  auto metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  const int64_t built = Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"built\"}");
  r = Send("PUT", "/v1/initiatives",
           R"({"id":"neu-a","title":"Tafel Quarzelia","postcode":"12047"})"
           "\nnot json\n"
           R"({"id":"neu-b","title":"Kleiderkammer Xylofonia","district":"Mitte"})"
           "\n",
           kNdjson);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  // The new generation's snapshot was built before the answer, not by the first search.
  metrics = server_->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(Counter(metrics->body, "hilfsnetz_index_snapshots_total{how=\"built\"}"), built + 1);
  json b = json::parse(r->body);
  EXPECT_EQ(b["lines"], 3);
  EXPECT_EQ(b["indexed"], 2);
  EXPECT_EQ(b["rejected"], 1);
  EXPECT_EQ(b["errors"][0]["line"], 2);
  EXPECT_EQ(b["errors"][0]["field"], "");
  EXPECT_THAT(b["errors"][0]["detail"].get<std::string>(), HasSubstr("invalid JSON at byte 1"));
  EXPECT_EQ(Total("per_page=1"), 2);
  EXPECT_EQ(Total("q=quarzelia&district=Neukölln"), 1) << "derived as at indexing";
  auto got = server_->Client().Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);

  r = Send("PUT", "/v1/initiatives/laptop-zwiebelkiez", kNewRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  r = Send("PATCH", "/v1/initiatives/neu-b", R"({"status":"paused"})",
           "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Total("per_page=1&status=active&status=paused"), 3);

  server_.reset();
  Start();
  EXPECT_EQ(Total("per_page=1&status=active&status=paused"), 3);
  EXPECT_EQ(Total("status=paused"), 1);
}

// Writes while a rebuild runs are refused with 503 and Retry-After (and the problem says why),
// never taken and then lost; the rebuild answers with its summary.
TEST_F(WritesHttpTest, WritesDuringARebuildAreRefusedNotLost) {
  // The sample under new ids: its build (trained embedder included) takes seconds, against
  // milliseconds for one write, so writes keep coming while it runs.
  std::string corpus;
  for (const std::string& line : testing::ReadLines(testing::SamplePath())) {
    json rec = json::parse(line);
    rec["id"] = rec["id"].get<std::string>() + "-rebuilt";
    corpus += rec.dump() + "\n";
  }
  std::atomic<bool> done{false};
  std::optional<httplib::Result> rebuild;
  std::thread t([&] {
    httplib::Client c = server_->Client();
    c.set_read_timeout(std::chrono::seconds(300));
    rebuild = c.Put("/v1/initiatives", {{"Authorization", std::string("Bearer ") + kWriteKey}},
                    corpus, "application/x-ndjson");
    done = true;
  });
  // One write at a time: those answered before the first 503 were committed before the
  // rebuild (which replaces them), those answered after one were committed after the swap.
  int refused = 0, other = 0;
  std::vector<std::string> kept;
  for (int i = 0; !done; ++i) {
    const std::string id = "during-" + std::to_string(i);
    auto r = Send("PUT", "/v1/initiatives/" + id, kNewRecord);
    ASSERT_TRUE(r);
    if (r->status == 201 && refused > 0) kept.push_back(id);
    if (r->status == 503) {
      ++refused;
      EXPECT_EQ(r->get_header_value("Retry-After"), "5");
      json e = json::parse(r->body);
      EXPECT_EQ(e["detail"],
                "a full rebuild of the index is running; writes are refused until it has been "
                "published");
      EXPECT_THAT(e["detail_de"].get<std::string>(), HasSubstr("vollständig neu aufgebaut"));
    } else if (r->status != 201) {
      ++other;
      ADD_FAILURE() << r->status << " " << r->body;
    }
  }
  t.join();
  ASSERT_TRUE(rebuild && *rebuild);
  ASSERT_EQ((*rebuild)->status, 200) << (*rebuild)->body;
  EXPECT_EQ(json::parse((*rebuild)->body)["indexed"],
            testing::ReadLines(testing::SamplePath()).size());
  EXPECT_GT(refused, 0) << "no write came while the rebuild ran";
  EXPECT_EQ(other, 0);
  // After the answer, writes are taken again, into the new generation.
  auto r = Send("PUT", "/v1/initiatives/after-rebuild", kNewRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(Total("per_page=1&q=xylofonia"), 1 + static_cast<int>(kept.size()))
      << "the writes acknowledged after the rebuild, no other";
  for (const std::string& id : kept) {
    auto got = server_->Client().Get("/v1/initiatives/" + id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200) << id;
  }
}

TEST_F(WritesHttpTest, AServerTakingWritesHoldsTheDirectory) {
  const int total = Total("per_page=1");
  std::istringstream in(R"({"id":"a","title":"Tafel a"})"
                        "\n");
  auto build = indexer::BuildIndex(in, index_->dir(), {});
  ASSERT_FALSE(build.ok());
  EXPECT_EQ(build.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(build.status().message(), HasSubstr("a server taking writes"));
  EXPECT_THAT(build.status().message(), HasSubstr("rebuilds with PUT /v1/initiatives"));
  EXPECT_EQ(Total("per_page=1"), total) << "the served index is untouched";
  EXPECT_GT(total, 200);
}

// A full disk (a tmpfs of fixed size; mounting one needs root, so the test is skipped without):
// the write that does not fit is refused with a problem (503, the disk named) and leaves no
// trace, every write acknowledged before it is there, reads go on, and once there is space
// again the same write is taken.
TEST(WritesFullDiskTest, AFullDiskRefusesTheWriteAndKeepsWhatWasStored) {
  namespace fs = std::filesystem;
  testing::TempDir mount_point;
  ASSERT_FALSE(mount_point.path().empty());
  if (::mount("tmpfs", mount_point.path().c_str(), "tmpfs", 0, "size=48m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point.path()};
  auto sample = testing::TestIndex::Sample();
  ASSERT_TRUE(sample);
  const std::string dir = mount_point.Path("index");
  fs::copy(sample->dir(), dir, fs::copy_options::recursive);
  // Leave 400 KiB: a few records of 19,000 characters fit, then one does not.
  struct statvfs vfs {};
  ASSERT_EQ(::statvfs(mount_point.path().c_str(), &vfs), 0);
  const size_t free_bytes = static_cast<size_t>(vfs.f_bavail) * vfs.f_frsize;
  const std::string filler = mount_point.Path("filler");
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(1 << 16, 'f');
    for (size_t left = free_bytes - (400 << 10); left > 0;) {
      const size_t n = std::min(left, block.size());
      out.write(block.data(), static_cast<std::streamsize>(n));
      left -= n;
    }
    ASSERT_TRUE(out.flush());
  }

  server::ServerOptions options;
  options.index_dir = dir;
  options.port = 0;
  options.threads = 2;
  options.access_log.clear();
  auto keys = server::ApiKeys::ParseFile(std::string("staff write ") + kWriteKey, "keys");
  ASSERT_TRUE(keys.ok());
  options.keys = *keys;
  auto server = testing::HttpTestServer::Start(options);
  ASSERT_TRUE(server);
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kWriteKey}};
  auto total = [&] {
    auto r = server->Client().Get("/v1/search?per_page=1");
    return r && r->status == 200 ? json::parse(r->body)["total"].get<int>() : -1;
  };
  const int before = total();
  auto put = [&](int i) {
    json rec = json::parse(kNewRecord);
    rec["description"] = std::string(19000, static_cast<char>('a' + i % 26));
    return server->Client().Put("/v1/initiatives/voll-" + std::to_string(i) + "?refresh=wait", auth,
                                rec.dump(), "application/json");
  };
  // The disk fills either at the write log's append (the write is refused) or at the commit
  // after it (the write is logged, durable and answered, but not yet visible: "visible":
  // false; every later write is refused until commits work again).
  std::vector<std::string> acknowledged;
  int visible = 0, failed = -1;
  for (int i = 0; i < 200 && failed < 0; ++i) {
    auto r = put(i);
    ASSERT_TRUE(r);
    if (r->status == 201) {
      acknowledged.push_back(r->get_header_value("ETag"));
      if (json::parse(r->body)["visible"] == true) ++visible;
      continue;
    }
    failed = i;
    EXPECT_EQ(r->status, 503) << r->body;
    EXPECT_THAT(r->get_header_value("Content-Type"),
                ::testing::StartsWith("application/problem+json"));
    json p = json::parse(r->body);
    EXPECT_THAT(p["detail"].get<std::string>(),
                HasSubstr("no space left on the device that holds the index"));
    EXPECT_EQ(p["detail_de"],
              "auf dem Datenträger des Index ist kein Platz mehr; die Änderung wurde nicht "
              "übernommen");
  }
  ASSERT_GE(failed, 0) << "the disk never filled";
  EXPECT_GE(visible, failed - 1) << "at most the last acknowledged write waits for space";
  EXPECT_EQ(total(), before + visible) << "every committed write, not the refused one";
  for (int i = 0; i < failed; ++i) {
    auto got = server->Client().Get("/v1/initiatives/voll-" + std::to_string(i));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200) << "acknowledged, so readable, committed or not";
    EXPECT_EQ(got->get_header_value("ETag"), acknowledged[static_cast<size_t>(i)]);
  }
  auto got = server->Client().Get("/v1/initiatives/voll-" + std::to_string(failed));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404) << "the refused write left no trace";

  // With space again, the logged write is committed (the writer retries every second) and
  // the refused one is taken.
  fs::remove(filler);
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 201; ++attempt) {
    auto r = put(failed);
    ASSERT_TRUE(r);
    status = r->status;
    if (status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 201);
  EXPECT_EQ(total(), before + failed + 1);
  server.reset();  // before the tmpfs goes
}

}  // namespace
}  // namespace hilfsnetz
