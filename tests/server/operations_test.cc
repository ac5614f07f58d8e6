// What an operator relies on (issue 10): /metrics that Prometheus accepts, the access log, no
// starvation by idle or slow clients, a stop that lets requests in flight finish, and an API
// description that lists exactly the routes served.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/server/raw_http.h"
#include "tests/support/http_test_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using testing::HttpTestServer;
using testing::RawConnection;
using testing::RawExchange;
using testing::RawResponse;
using testing::TempDir;
using testing::TestIndex;

class OperationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
  }
  static void TearDownTestSuite() { delete index_; }
  void SetUp() override { ASSERT_NE(index_, nullptr); }

  static std::unique_ptr<HttpTestServer> Start(server::ServerOptions o) {
    o.index_dir = index_->dir();
    o.port = 0;
    if (o.request_timeout_ms == 2000) o.request_timeout_ms = 120000;  // a loaded machine
    return HttpTestServer::Start(o);
  }

  static TestIndex* index_;
};

TestIndex* OperationsTest::index_ = nullptr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(OperationsTest, MetricsCountRequestsAndPassPromtool) {
  auto s = Start({});
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(RawExchange(s->port(), "GET /v1/search?q=kurs HTTP/1.1\r\nHost: t\r\n\r\n").status,
              200);
  EXPECT_EQ(RawExchange(s->port(), "GET /v1/search?per_page=0 HTTP/1.1\r\nHost: t\r\n\r\n").status,
            400);
  EXPECT_EQ(RawExchange(s->port(), "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n").status, 404);
  // The server counts a connection closed once it has read the client's end, which on a
  // loaded machine (sanitizers, two tests at once) may come after the next scrape: scrape
  // until only the scrape's own connection is open, for at most 10 s.
  RawResponse m;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    m = RawExchange(s->port(), "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_EQ(m.status, 200);
    if (m.body.find("hilfsnetz_http_open_connections 1\n") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(m.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = m.body;
  EXPECT_NE(
      text.find(
          "hilfsnetz_http_requests_total{route=\"/v1/search\",method=\"GET\",status=\"200\"} 3\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "hilfsnetz_http_requests_total{route=\"/v1/search\",method=\"GET\",status=\"400\"} 1\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "hilfsnetz_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("hilfsnetz_http_request_duration_seconds_count{route=\"/v1/search\"} 4\n"),
            std::string::npos);
  EXPECT_NE(text.find("hilfsnetz_index_documents 270\n"), std::string::npos);
  EXPECT_NE(text.find("hilfsnetz_http_open_connections 1\n"), std::string::npos)
      << "the scrape's own";
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos);

  // The real tool (Debian's prometheus package, installed by scripts/setup.sh).
  TempDir tmp;
  const std::string file = tmp.Path("metrics.txt");
  std::ofstream(file) << text;
  const std::string cmd = "promtool check metrics < " + file + " > " + tmp.Path("out") + " 2>&1";
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(rc, 0) << "promtool check metrics: " << ReadFile(tmp.Path("out"));
}

TEST_F(OperationsTest, AccessLogIsJsonLinesWithQueriesOnlyWhenAsked) {
  TempDir tmp;
  for (const bool log_queries : {false, true}) {
    const std::string path = tmp.Path(log_queries ? "with.log" : "without.log");
    server::ServerOptions o;
    o.access_log = path;
    o.log_queries = log_queries;
    {
      auto s = Start(o);
      ASSERT_NE(s, nullptr);
      EXPECT_EQ(RawExchange(s->port(), "GET /v1/search?q=Wohnungssuche HTTP/1.1\r\nHost: t\r\n\r\n")
                    .status,
                200);
    }
    std::ifstream in(path);
    std::string line, last_search;
    while (std::getline(in, line)) {
      json j = json::parse(line, nullptr, false);
      ASSERT_TRUE(j.is_object()) << line;
      if (j["route"] == "/v1/search") last_search = line;
    }
    ASSERT_FALSE(last_search.empty());
    json j = json::parse(last_search);
    EXPECT_EQ(j["method"], "GET");
    EXPECT_EQ(j["path"], "/v1/search");
    EXPECT_EQ(j["status"], 200);
    EXPECT_GT(j["bytes"].get<int>(), 100);
    EXPECT_TRUE(j["latency_ms"].is_number());
    EXPECT_EQ(j["time"].get<std::string>().size(), 24u);
    EXPECT_EQ(last_search.find("Wohnungssuche") != std::string::npos, log_queries) << last_search;
  }
}

// 150 idle keep-alive connections and 16 clients sending a header one byte a second must not
// keep a fresh client out: with one thread per connection (the server before) this took the
// service down for 20-50 s.
TEST_F(OperationsTest, IdleAndSlowClientsDoNotStarveOthers) {
  server::ServerOptions o;
  o.threads = 4;
  auto s = Start(o);
  ASSERT_NE(s, nullptr);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 150; ++i) {
    idle.push_back(std::make_unique<RawConnection>(s->port()));
    ASSERT_TRUE(idle.back()->ok());
    ASSERT_TRUE(idle.back()->Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_EQ(idle.back()->Read().status, 200);  // now idle, kept alive
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  for (int i = 0; i < 16; ++i) {
    slow.emplace_back([&, port = s->port()] {
      RawConnection c(port);
      const std::string request = "GET /v1/search?q=kurs HTTP/1.1\r\nHost: t\r\n\r\n";
      for (size_t b = 0; b < request.size() && !stop; ++b) {
        if (!c.Send(request.substr(b, 1))) return;
        for (int t = 0; t < 10 && !stop; ++t)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<double> ms;
  for (int i = 0; i < 50; ++i) {
    const auto start = std::chrono::steady_clock::now();
    RawResponse r =
        RawExchange(s->port(), "GET /v1/search?q=deutschkurs HTTP/1.1\r\nHost: t\r\n\r\n");
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    EXPECT_EQ(r.status, 200);
  }
  stop = true;
  for (std::thread& t : slow) t.join();
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2], p99 = ms[ms.size() * 99 / 100], worst = ms.back();
  std::printf(
      "fresh client with 150 idle + 16 slow connections: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      p50, p99, worst);
  EXPECT_LT(worst, 2000.0) << "a fresh client waited too long";
  // The idle connections are still served.
  ASSERT_TRUE(idle.front()->Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(idle.front()->Read().status, 200);
}

// Stop() under load: requests in flight are answered whole, then Run() returns promptly.
TEST_F(OperationsTest, StopFinishesRequestsInFlight) {
  auto s = Start({});
  ASSERT_NE(s, nullptr);
  std::atomic<bool> stop{false};
  std::atomic<int> complete{0}, broken{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, port = s->port()] {
      while (!stop) {
        RawConnection c(port);
        if (!c.ok() || !c.Send("GET /v1/search?q=hilfe&per_page=50&facets=district,need "
                               "HTTP/1.1\r\nHost: t\r\n\r\n")) {
          continue;
        }
        RawResponse r = c.Read(std::chrono::milliseconds(5000));
        if (r.status == 200) {
          json j = json::parse(r.body, nullptr, false);
          (j.is_object() && j.contains("hits") ? complete : broken)++;
        } else if (r.status != 0) {
          broken++;  // an answer other than the search's
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto start = std::chrono::steady_clock::now();
  s.reset();  // Stop(), then joins the thread in Run()
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stop = true;
  for (std::thread& t : clients) t.join();
  EXPECT_LT(seconds, 5.0);
  EXPECT_GT(complete.load(), 0);
  EXPECT_EQ(broken.load(), 0) << "a response was cut or wrong during the stop";
}

// The route table and api/openapi.json list the same (method, path) pairs, and the served
// document is that file.
TEST_F(OperationsTest, OpenApiDescribesExactlyTheRoutesServed) {
  const json doc = json::parse(ReadFile(std::string(HN_API_DIR) + "/openapi.json"), nullptr, false);
  ASSERT_TRUE(doc.is_object()) << "api/openapi.json does not parse";
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1", 0), 0u);
  std::set<std::pair<std::string, std::string>> described, served;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      if (m == "HEAD" || m == "OPTIONS") continue;  // answered for every GET / every path
      described.emplace(m, path);
    }
  }
  for (const auto& r : server::HttpServer::RouteTable()) served.insert(r);
  for (const auto& r : served)
    EXPECT_TRUE(described.count(r)) << r.first << " " << r.second << " served, not described";
  for (const auto& r : described)
    EXPECT_TRUE(served.count(r)) << r.first << " " << r.second << " described, not served";

  auto s = Start({});
  ASSERT_NE(s, nullptr);
  RawResponse r = RawExchange(s->port(), "GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body, nullptr, false), doc);
}

}  // namespace
}  // namespace hilfsnetz
