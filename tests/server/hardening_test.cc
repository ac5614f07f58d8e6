// The server against broken and hostile clients (issue 10): each finding of the probe of
// 2026-12-05 reproduced with bounded sizes against the real server, so none can come back —
// body limits however the body arrives, header limits, HTTP framing, Range, wrong methods and
// media types, too many filter values, the deadline — plus compression and CORS.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/server/raw_http.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using testing::HttpTestServer;
using testing::RawConnection;
using testing::RawExchange;
using testing::RawResponse;
using testing::TestIndex;

// Resident memory of this process (the server runs in it), from /proc/self/status.
size_t RssBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  return 0;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Gunzip(const std::string& data) {
  z_stream z{};
  inflateInit2(&z, 31);
  std::string out;
  char buf[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return out;
}

std::string ProblemType(const RawResponse& r) {
  json body = json::parse(r.body, nullptr, false);
  return body.is_object() && body["type"].is_string() ? body["type"].get<std::string>()
                                                      : "(no problem body)";
}

class HardeningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    server_ = HttpTestServer::Start(index_->dir()).release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete index_;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr); }
  static int port() { return server_->port(); }

  // After any refusal the server still answers.
  static void ExpectStillServing() {
    RawResponse r = RawExchange(port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(r.status, 200);
  }

  static TestIndex* index_;
  static HttpTestServer* server_;
};

TestIndex* HardeningTest::index_ = nullptr;
HttpTestServer* HardeningTest::server_ = nullptr;

TEST_F(HardeningTest, ChunkedBodyOverTheLimitIs413WhileReading) {
  RawConnection c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(
      c.Send("POST /v1/recommendations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";  // 64 KiB
  size_t sent = 0;
  while (sent < (3u << 20) && c.Send(chunk)) {
    sent += 0x10000;
    if (c.ClosedByServer(std::chrono::milliseconds(0)) || sent > (1u << 20) + (256u << 10)) break;
  }
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(ProblemType(r), "https://hilfsnetz.example.org/problems/payload-too-large");
  EXPECT_LE(sent, (2u << 20)) << "the server read far past the limit before refusing";
  ExpectStillServing();
}

TEST_F(HardeningTest, DeclaredContentLengthOverTheLimitIs413BeforeTheBody) {
  RawResponse r =
      RawExchange(port(),
                  "POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  "Content-Length: 3145728\r\n\r\n{");
  EXPECT_EQ(r.status, 413);
}

TEST_F(HardeningTest, GzipBombIs413WithoutInflatingIt) {
  const std::string bomb = Gzip(std::string(64u << 20, ' '));  // 64 MiB of spaces, ~64 KiB
  ASSERT_LT(bomb.size(), 1u << 20);
  const size_t before = RssBytes();
  RawResponse r =
      RawExchange(port(),
                  "POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  "Content-Encoding: gzip\r\nContent-Length: " +
                      std::to_string(bomb.size()) + "\r\n\r\n" + bomb);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(json::parse(r.body, nullptr, false).value("detail", "").find("after decoding"),
            std::string::npos);
  EXPECT_LT(RssBytes(), before + (32u << 20)) << "the body was inflated beyond the limit";
  ExpectStillServing();
}

TEST_F(HardeningTest, GzipBodyWithinTheLimitIsDecoded) {
  const std::string body = Gzip(R"({"q": "Deutschkurs", "per_page": 3})");
  RawResponse r =
      RawExchange(port(),
                  "POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  "Content-Encoding: gzip\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["hits"].size(), 3u);
}

TEST_F(HardeningTest, UnknownContentEncodingIs415) {
  RawResponse r =
      RawExchange(port(),
                  "POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  "Content-Encoding: br\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(ProblemType(r), "https://hilfsnetz.example.org/problems/unsupported-media-type");
}

TEST_F(HardeningTest, BodyThatIsNotJsonIs415) {
  for (const std::string type : {"Content-Type: text/plain\r\n",
                                 "Content-Type: application/x-www-form-urlencoded\r\n", ""}) {
    RawResponse r = RawExchange(port(), "POST /v1/recommendations HTTP/1.1\r\nHost: t\r\n" + type +
                                            "Content-Length: 2\r\n\r\n{}");
    EXPECT_EQ(r.status, 415) << type;
    EXPECT_NE(json::parse(r.body, nullptr, false).value("detail", "").find("application/json"),
              std::string::npos);
  }
}

TEST_F(HardeningTest, BrokenFramingIs400AndTheConnectionCloses) {
  const std::vector<std::string> heads = {
      "Content-Length: abc\r\n",
      "Content-Length: 2\r\nContent-Length: 3\r\n",
      "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
  };
  for (const std::string& h : heads) {
    RawConnection c(port());
    ASSERT_TRUE(c.Send("POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" +
                       h + "\r\n{}"));
    RawResponse r = c.Read();
    EXPECT_EQ(r.status, 400) << h;
    EXPECT_TRUE(c.ClosedByServer(std::chrono::milliseconds(3000))) << h;
  }
  ExpectStillServing();
}

TEST_F(HardeningTest, TooManyOrTooLargeHeadersAre431) {
  std::string many;
  for (int i = 0; i < 150; ++i) many += "X-Filler-" + std::to_string(i) + ": 1\r\n";
  RawResponse r = RawExchange(port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n" + many + "\r\n");
  EXPECT_EQ(r.status, 431);
  for (const size_t size : {20000, 40000}) {  // inside and beyond the parser's own limit
    r = RawExchange(port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(size, 'a') +
                                "\r\n\r\n");
    EXPECT_EQ(r.status, 431) << size;
  }
  EXPECT_EQ(ProblemType(r), "https://hilfsnetz.example.org/problems/headers-too-large");
  r = RawExchange(port(),
                  "GET /healthz?q=" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(r.status, 414) << "a request line over every limit";
  ExpectStillServing();
}

TEST_F(HardeningTest, LongUrlIs414NamingQ) {
  for (const char* route : {"/v1/search", "/v1/suggest"}) {
    RawResponse r =
        RawExchange(port(), std::string("GET ") + route + "?q=" + std::string(10240, 'a') +
                                " HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(r.status, 414) << route;
    EXPECT_EQ(json::parse(r.body, nullptr, false).value("parameter", ""), "q") << route;
  }
}

TEST_F(HardeningTest, RangeIsIgnored) {
  const std::string get = "GET /v1/search?q=hilfe&per_page=50 HTTP/1.1\r\nHost: t\r\n";
  RawResponse plain = RawExchange(port(), get + "\r\n");
  ASSERT_EQ(plain.status, 200);
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 2000; ++i) ranges += ",0-";
  RawResponse r = RawExchange(port(), get + "Range: " + ranges + "\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.count("content-range"), 0u);
  EXPECT_EQ(r.body.size(), plain.body.size());
}

TEST_F(HardeningTest, KnownPathWithWrongMethodIs405WithAllow) {
  RawResponse r = RawExchange(port(), "DELETE /v1/search HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET, HEAD, OPTIONS, POST");
  r = RawExchange(
      port(),
      "POST /v1/initiatives/refugees-on-rails HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
  r = RawExchange(port(), "GET /v2/nothing HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(r.status, 404);
}

TEST_F(HardeningTest, HeadAnswersHeadersOnly) {
  RawConnection c(port());
  ASSERT_TRUE(c.Send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  RawResponse r = c.Read(std::chrono::milliseconds(300));  // no body follows: read to the timeout
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers["content-length"], "15");
}

TEST_F(HardeningTest, OptionsListsTheMethods) {
  RawResponse r = RawExchange(port(), "OPTIONS /v1/recommendations HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers["allow"], "OPTIONS, POST");
  EXPECT_EQ(r.headers.count("access-control-allow-origin"), 0u) << "no CORS unless configured";
}

TEST_F(HardeningTest, TooManyFilterValuesAre400NamingTheFilter) {
  std::string target = "/v1/search?q=kurs";
  for (int i = 0; i < 201; ++i) target += "&neighbourhood=Kiez" + std::to_string(i);
  RawResponse r = RawExchange(port(), "GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body, nullptr, false).value("parameter", ""), "neighbourhood");
}

TEST_F(HardeningTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  RawConnection c(port());
  ASSERT_TRUE(
      c.Send("GET /v1/initiatives/refugees-on-rails HTTP/1.1\r\nHost: t\r\n\r\n"
             "GET /v1/initiatives/does-not-exist HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 404);
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 200);
}

TEST_F(HardeningTest, GzipWhenTheClientAcceptsIt) {
  const std::string get = "GET /v1/search?q=hilfe&per_page=20 HTTP/1.1\r\nHost: t\r\n";
  RawResponse plain = RawExchange(port(), get + "\r\n");
  RawResponse zipped = RawExchange(port(), get + "Accept-Encoding: br;q=1, gzip;q=0.8\r\n\r\n");
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.headers["content-encoding"], "gzip");
  EXPECT_NE(zipped.headers["vary"].find("Accept-Encoding"), std::string::npos);
  EXPECT_LT(zipped.body.size(), plain.body.size() / 2);
  EXPECT_EQ(Gunzip(zipped.body), plain.body);
  RawResponse refused = RawExchange(port(), get + "Accept-Encoding: gzip;q=0\r\n\r\n");
  EXPECT_EQ(refused.headers.count("content-encoding"), 0u);
  RawResponse small =
      RawExchange(port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n");
  EXPECT_EQ(small.headers.count("content-encoding"), 0u) << "under 1 KB goes out as it is";
}

// A server of its own with different options.
std::unique_ptr<HttpTestServer> StartWith(const std::string& dir,
                                          void (*tune)(server::ServerOptions&)) {
  server::ServerOptions o;
  o.index_dir = dir;
  o.port = 0;
  o.threads = 2;
  tune(o);
  return HttpTestServer::Start(o);
}

TEST_F(HardeningTest, CorsOnlyForConfiguredOrigins) {
  auto s = StartWith(index_->dir(),
                     [](server::ServerOptions& o) { o.cors_origins = {"https://portal.example"}; });
  ASSERT_NE(s, nullptr);
  RawResponse ok = RawExchange(
      s->port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nOrigin: https://portal.example\r\n\r\n");
  EXPECT_EQ(ok.headers["access-control-allow-origin"], "https://portal.example");
  EXPECT_EQ(ok.headers["vary"], "Origin");
  RawResponse other = RawExchange(
      s->port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\n\r\n");
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.headers.count("access-control-allow-origin"), 0u);
  RawResponse preflight = RawExchange(
      s->port(),
      "OPTIONS /v1/recommendations HTTP/1.1\r\nHost: t\r\nOrigin: https://portal.example\r\n"
      "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: "
      "content-type\r\n\r\n");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"], "https://portal.example");
  EXPECT_EQ(preflight.headers["access-control-allow-methods"], "OPTIONS, POST");
  EXPECT_EQ(preflight.headers["access-control-allow-headers"],
            "Content-Type, Accept, Accept-Language, Authorization, If-Match");
  EXPECT_EQ(ok.headers["access-control-expose-headers"], "Retry-After, ETag, Location")
      << "a page on another origin reads the ETag for its next If-Match";
}

TEST_F(HardeningTest, RequestPastItsDeadlineIs503) {
  auto s = StartWith(index_->dir(), [](server::ServerOptions& o) { o.request_timeout_ms = 200; });
  ASSERT_NE(s, nullptr);
  RawConnection c(s->port());
  // The deadline runs from the complete header; this body arrives after it has passed.
  ASSERT_TRUE(
      c.Send("POST /v1/search HTTP/1.1\r\nHost: t\r\nContent-Type: "
             "application/json\r\nContent-Length: 2\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(c.Send("{}"));
  RawResponse r = c.Read();
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.headers["retry-after"], "1");
  EXPECT_EQ(ProblemType(r), "https://hilfsnetz.example.org/problems/deadline-exceeded");
}

}  // namespace
}  // namespace hilfsnetz
