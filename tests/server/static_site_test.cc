// The portal page's files (server/static_site.h): content types, the views answered with the
// page, ETag and 304, gzip once compressed, HEAD; over HTTP the page beside the API, with the
// API's 404 for other paths and --no-page leaving "/" to the router.
#include "server/static_site.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tests/server/raw_http.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using server::HttpRequest;
using server::HttpResponse;
using server::SiteFile;
using server::StaticSite;
using testing::HttpTestServer;
using testing::RawExchange;
using testing::RawResponse;
using testing::TestIndex;

std::string Gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 31), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out(1 << 20, '\0');
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

HttpRequest Get(std::string path, std::string accept_encoding = "",
                std::string if_none_match = "") {
  HttpRequest req;
  req.method = "GET";
  req.path = std::move(path);
  if (!accept_encoding.empty()) req.headers.emplace("Accept-Encoding", accept_encoding);
  if (!if_none_match.empty()) req.headers.emplace("If-None-Match", if_none_match);
  return req;
}

std::string HeaderOf(const HttpResponse& res, const std::string& name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return v;
  }
  return "";
}

const std::string kPage = "<!doctype html><title>t</title>" + std::string(2000, ' ') + "<main>";
const std::string kScript = "export const x = 1;";

StaticSite TestSite() { return StaticSite({{"/index.html", kPage}, {"/assets/app.js", kScript}}); }

TEST(StaticSiteTest, ContentTypesByExtension) {
  EXPECT_EQ(StaticSite::ContentType("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentType("/a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentType("/s.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentType("/geo/x.tsv"), "text/tab-separated-values; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentType("/x.bin"), "application/octet-stream");
}

TEST(StaticSiteTest, ViewsAnswerWithThePageOthersAreNotTheSites) {
  const StaticSite site = TestSite();
  for (const char* path :
       {"/", "/index.html", "/companies", "/staff", "/initiative/refugees-on-rails"}) {
    auto res = site.Serve(Get(path));
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->body, kPage) << path;
    EXPECT_EQ(res->content_type, "text/html; charset=utf-8");
    EXPECT_NE(HeaderOf(*res, "Content-Security-Policy").find("default-src 'self'"),
              std::string::npos);
  }
  for (const char* path :
       {"/v1/search", "/initiative/", "/initiative/a/b", "/assets/none.js", "/staff/x"}) {
    EXPECT_FALSE(site.Serve(Get(path))) << path;
  }
  HttpRequest post = Get("/");
  post.method = "POST";
  EXPECT_FALSE(site.Serve(post));
}

TEST(StaticSiteTest, GzipOnlyWhenAcceptedAndSmaller) {
  const StaticSite site = TestSite();
  auto plain = site.Serve(Get("/"));
  auto zipped = site.Serve(Get("/", "gzip, br"));
  ASSERT_TRUE(plain && zipped);
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*zipped, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(*zipped, "Vary"), "Accept-Encoding");
  EXPECT_TRUE(zipped->encoded);
  EXPECT_LT(zipped->body.size(), plain->body.size());
  EXPECT_EQ(Gunzip(zipped->body), kPage);
  EXPECT_NE(HeaderOf(*plain, "ETag"), HeaderOf(*zipped, "ETag"));  // two representations
  // A tiny file gzip cannot shrink is sent as it is.
  auto script = site.Serve(Get("/assets/app.js", "gzip"));
  ASSERT_TRUE(script);
  EXPECT_EQ(script->body, kScript);
  EXPECT_EQ(HeaderOf(*script, "Content-Encoding"), "");
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
}

TEST(StaticSiteTest, IfNoneMatchAnswers304) {
  const StaticSite site = TestSite();
  const std::string etag = HeaderOf(*site.Serve(Get("/assets/app.js")), "ETag");
  ASSERT_EQ(etag.size(), 18u);  // "16 hex digits"
  EXPECT_EQ(HeaderOf(*site.Serve(Get("/assets/app.js")), "Cache-Control"), "no-cache");
  auto same = site.Serve(Get("/assets/app.js", "", etag));
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  EXPECT_EQ(site.Serve(Get("/assets/app.js", "", "\"x\", W/" + etag))->status, 304);
  EXPECT_EQ(site.Serve(Get("/assets/app.js", "", "*"))->status, 304);
  EXPECT_EQ(site.Serve(Get("/assets/app.js", "", "\"0000000000000000\""))->status, 200);
}

TEST(StaticSiteTest, TheEmbeddedPageHasItsFilesAndTheOutlines) {
  const StaticSite& site = StaticSite::Embedded();
  for (const char* path : {"/", "/assets/app.js", "/assets/style.css", "/geo/ortsteil_outlines.tsv",
                           "/geo/ortsteile.tsv", "/geo/bezirk_borders.tsv"}) {
    auto res = site.Serve(Get(path));
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200);
    EXPECT_FALSE(res->body.empty()) << path;
  }
  EXPECT_NE(site.Serve(Get("/"))->body.find("/assets/app.js"), std::string::npos);
}

// The maps' tables (geo/'s embedded copy of the Ortsteil tables, and the Bezirk borders),
// served byte for byte as the repository has them.
TEST(StaticSiteTest, TheMapTablesAreTheRepositorysFiles) {
  const StaticSite& site = StaticSite::Embedded();
  for (const char* name : {"ortsteil_outlines.tsv", "ortsteile.tsv", "bezirk_borders.tsv"}) {
    std::ifstream in(std::string(HN_SOURCE_DIR) + "/data/geo/" + name, std::ios::binary);
    ASSERT_TRUE(in) << name;
    std::stringstream file;
    file << in.rdbuf();
    auto res = site.Serve(Get(std::string("/geo/") + name));
    ASSERT_TRUE(res) << name;
    EXPECT_EQ(res->body, file.str()) << name;
    EXPECT_EQ(res->content_type, "text/tab-separated-values; charset=utf-8");
  }
}

class StaticSiteHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { index_ = TestIndex::Sample().release(); }
  static void TearDownTestSuite() { delete index_; }
  static TestIndex* index_;
};
TestIndex* StaticSiteHttpTest::index_ = nullptr;

TEST_F(StaticSiteHttpTest, ThePageBesideTheApi) {
  ASSERT_NE(index_, nullptr);
  server::ServerOptions o;
  o.index_dir = index_->dir();
  o.port = 0;
  auto s = HttpTestServer::Start(o);
  ASSERT_NE(s, nullptr);
  RawResponse page =
      RawExchange(s->port(), "GET / HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page.headers["content-encoding"], "gzip");
  EXPECT_EQ(page.headers["vary"], "Accept-Encoding");  // once, not also from the API's gzip
  EXPECT_NE(Gunzip(page.body).find("<main id=\"main\""), std::string::npos);
  const std::string etag = page.headers["etag"];
  RawResponse again = RawExchange(
      s->port(),
      "GET /initiative/x HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nIf-None-Match: " + etag +
          "\r\n\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  RawResponse head =
      RawExchange(s->port(),  // closed after: the body a HEAD lacks is not awaited
                  "HEAD /assets/app.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_TRUE(head.body.empty());
  EXPECT_NE(head.headers["content-length"], "0");
  // Not the page's: the API answers as before.
  RawResponse missing = RawExchange(s->port(), "GET /assets/nope.js HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers["content-type"], "application/problem+json; charset=utf-8");
  RawResponse post =
      RawExchange(s->port(), "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(post.status, 404);
  RawResponse api = RawExchange(s->port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(api.status, 200);
}

TEST_F(StaticSiteHttpTest, NoPageLeavesTheRootToTheApi) {
  ASSERT_NE(index_, nullptr);
  server::ServerOptions o;
  o.index_dir = index_->dir();
  o.port = 0;
  o.serve_page = false;
  auto s = HttpTestServer::Start(o);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(RawExchange(s->port(), "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status, 404);
  EXPECT_EQ(RawExchange(s->port(), "GET /assets/app.js HTTP/1.1\r\nHost: t\r\n\r\n").status, 404);
}

}  // namespace
}  // namespace hilfsnetz
