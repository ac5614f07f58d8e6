// End-to-end tests of the HTTP API: the real HttpServer over the sample corpus on a free
// port, spoken to with a cpp-httplib client. Every error must be a problem+json 4xx, never a
// 5xx, and the server must keep serving afterwards.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranking/searcher.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using testing::HttpTestServer;
using testing::TestIndex;

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    server_ = HttpTestServer::Start(index_->dir()).release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete index_;
    index_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "suite setup failed"; }

  // GET `target` (already URL-encoded); fails the test when no response arrives.
  static httplib::Result Get(const std::string& target) {
    return server_->Client().Get(target.c_str());
  }

  static json Body(const httplib::Result& res) {
    return json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  }

  static TestIndex* index_;
  static HttpTestServer* server_;
};

TestIndex* ServerTest::index_ = nullptr;
HttpTestServer* ServerTest::server_ = nullptr;

TEST_F(ServerTest, HealthzAnswersOk) {
  auto res = Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res), json({{"status", "ok"}}));
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u);
}

TEST_F(ServerTest, ReadyzCountsIndexedDocuments) {
  std::set<uint64_t> rejected_lines;
  for (const auto& r : index_->report().rejected) rejected_lines.insert(r.line);
  EXPECT_EQ(index_->report().lines, 270u);
  auto res = Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  json body = Body(res);
  EXPECT_EQ(body["status"], "ready");
  EXPECT_EQ(body["documents"].get<uint64_t>(), 270u - rejected_lines.size());
  EXPECT_EQ(body["documents"].get<uint64_t>(), index_->report().indexed);
  EXPECT_EQ(body["generation"], index_->report().generation);
  EXPECT_EQ(body["embeddings"], json({{"kind", "trained"}, {"dimensions", 256}})) << res->body;
}

TEST_F(ServerTest, SearchReturnsHitsWithAllFields) {
  auto res = Get("/v1/search?q=" + UrlEncode("Refugees on Rails") + "&per_page=5");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  json body = Body(res);
  ASSERT_TRUE(body.is_object()) << res->body;
  EXPECT_EQ(body["page"], 1);
  EXPECT_EQ(body["per_page"], 5);
  ASSERT_GE(body["hits"].size(), 1u);
  const json& hit = body["hits"][0];
  EXPECT_EQ(hit["id"], "refugees-on-rails");
  EXPECT_EQ(hit["title"], "Refugees on Rails");
  EXPECT_EQ(hit["district"], "Mitte");
  EXPECT_EQ(hit["neighbourhood"], "Mitte");
  EXPECT_EQ(hit["status"], "active");
  EXPECT_EQ(hit["topics"], json({"education", "digital", "work"}));
  ASSERT_TRUE(hit["needs"].is_array());
  ASSERT_EQ(hit["needs"].size(), 2u);
  EXPECT_EQ(hit["needs"][0]["type"], "volunteers");
  EXPECT_EQ(hit["needs"][1]["type"], "money");
  EXPECT_EQ(hit["needs"][1]["amount_eur"], 45000);
  EXPECT_EQ(hit["funding_gap_eur"], 35500);
  EXPECT_TRUE(hit["summary"].is_string());
  EXPECT_TRUE(hit["score"].is_number());
  EXPECT_GT(hit["score"].get<double>(), 0.0);
  ASSERT_TRUE(hit["highlights"].is_object());
  const std::string title_hl = hit["highlights"]["title"].get<std::string>();
  EXPECT_NE(title_hl.find("<mark>Refugees</mark>"), std::string::npos) << title_hl;
  EXPECT_NE(title_hl.find("<mark>Rails</mark>"), std::string::npos) << title_hl;
  EXPECT_TRUE(hit["highlights"].contains("summary"));
  EXPECT_TRUE(hit["highlights"].contains("description"));
  EXPECT_GE(body["total"].get<uint64_t>(), body["hits"].size());
  EXPECT_EQ(body["total_exact"], true);
}

TEST_F(ServerTest, FacetsAreObjectsOfValueToCount) {
  auto res = Get("/v1/search?facets=district,need&per_page=1");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = Body(res);
  ASSERT_TRUE(body["facets"].is_object());
  ASSERT_TRUE(body["facets"]["district"].is_object()) << body["facets"].dump();
  ASSERT_TRUE(body["facets"]["need"].is_object());

  // Same request through the engine: the HTTP layer must not change a count.
  auto searcher = index_->OpenSearcher();
  ASSERT_TRUE(searcher);
  ranking::SearchRequest req;
  req.per_page = 1;
  req.facets = {ranking::FacetField::kDistrict, ranking::FacetField::kNeed};
  auto direct = searcher->Search(req);
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(body["total"].get<uint64_t>(), direct->total);
  std::map<std::string, uint64_t> want_district(
      direct->facets[ranking::FacetField::kDistrict].begin(),
      direct->facets[ranking::FacetField::kDistrict].end());
  std::map<std::string, uint64_t> got_district;
  for (auto& [k, v] : body["facets"]["district"].items()) got_district[k] = v.get<uint64_t>();
  EXPECT_EQ(got_district, want_district);
  EXPECT_EQ(got_district.size(), 12u);
  EXPECT_GT(got_district["Mitte"], 0u);
}

// facets=neighbourhood and sums=funding_gap_eur as JSON: "facet_sums" has the buckets of
// "facets" with their open EUR, "sums" the total; the POST body form says the same.
TEST_F(ServerTest, FacetSumsGiveOpenEurPerBucketAndInTotal) {
  auto res =
      Get("/v1/search?need=money&facets=district,neighbourhood&sums=funding_gap_eur&per_page=1");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json body = Body(res);
  // 935,420 EUR over the 113 active initiatives needing money, summed by hand from the file.
  EXPECT_EQ(body["total"], 113);
  EXPECT_EQ(body["sums"], json({{"funding_gap_eur", 935420}}));
  const json& per = body["facet_sums"]["funding_gap_eur"];
  ASSERT_TRUE(per.is_object()) << res->body;
  for (const char* facet : {"district", "neighbourhood"}) {
    SCOPED_TRACE(facet);
    std::vector<std::string> counted, summed;
    for (auto& [k, v] : body["facets"][facet].items()) counted.push_back(k);
    for (auto& [k, v] : per[facet].items()) summed.push_back(k);
    EXPECT_EQ(summed, counted) << "the same buckets in the same order";
  }
  // By hand: three records named Schöneberg and one in its Kiez Rote Insel; 360,000 + 3,700 +
  // 1,600 + 280 EUR open.
  EXPECT_EQ(body["facets"]["neighbourhood"]["Schöneberg"], 4) << res->body;
  EXPECT_EQ(per["neighbourhood"]["Schöneberg"], 365580);
  int64_t neighbourhoods = 0;
  for (auto& [k, v] : per["neighbourhood"].items()) neighbourhoods += v.get<int64_t>();
  EXPECT_EQ(neighbourhoods, 935420) << "every sample record lies in an Ortsteil";

  auto post = server_->Client().Post(
      "/v1/search",
      R"({"need":"money","facets":["district","neighbourhood"],"sums":["funding_gap_eur"],"per_page":1})",
      "application/json");
  ASSERT_TRUE(post);
  ASSERT_EQ(post->status, 200) << post->body;
  const json from_body = Body(post);
  EXPECT_EQ(from_body["facets"], body["facets"]);
  EXPECT_EQ(from_body["sums"], body["sums"]);
  EXPECT_EQ(from_body["facet_sums"], body["facet_sums"]);

  // Without sums: neither field.
  auto plain = Get("/v1/search?facets=neighbourhood&per_page=1");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(Body(plain).contains("sums"));
  EXPECT_FALSE(Body(plain).contains("facet_sums"));
}

TEST_F(ServerTest, GetInitiativeById) {
  auto res = Get("/v1/initiatives/refugees-on-rails");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  json body = Body(res);
  EXPECT_EQ(body["id"], "refugees-on-rails");
  EXPECT_EQ(body["title"], "Refugees on Rails");
  EXPECT_EQ(body["postcode"], "10115");
  EXPECT_EQ(body["organisation"], "Refugees on Rails e.V.");
}

void ExpectProblem(const httplib::Result& res, int status) {
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/problem+json", 0), 0u)
      << res->get_header_value("Content-Type");
  json body = json::parse(res->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << res->body;
  EXPECT_EQ(body["status"], status) << res->body;
  ASSERT_TRUE(body["detail"].is_string()) << res->body;
  EXPECT_FALSE(body["detail"].get<std::string>().empty());
  ASSERT_TRUE(body["detail_de"].is_string()) << res->body;
  EXPECT_FALSE(body["detail_de"].get<std::string>().empty());
}

TEST_F(ServerTest, UnknownInitiativeIs404Problem) {
  auto res = Get("/v1/initiatives/does-not-exist");
  ExpectProblem(res, 404);
  EXPECT_NE(Body(res)["detail"].get<std::string>().find("does-not-exist"), std::string::npos);
}

TEST_F(ServerTest, UnknownPathIs404Problem) {
  auto res = Get("/v2/nothing-here");
  ExpectProblem(res, 404);
}

struct BadRequest {
  std::string name;
  std::string target;     // URL-encoded path and query
  std::string parameter;  // expected "parameter"
  int valid_values = -1;  // expected number of valid_values; -1: not checked; 0: absent
  std::string valid_contains = "";
  std::string detail_contains = "";
};

std::vector<BadRequest> BadRequests() {
  return {
      {"unknown_parameter", "/v1/search?foo=1", "foo", -1, "q"},
      {"per_page_zero", "/v1/search?per_page=0", "per_page", 0},
      {"per_page_1000", "/v1/search?per_page=1000", "per_page", 0},
      {"page_negative", "/v1/search?page=-1", "page", 0},
      {"page_not_a_number", "/v1/search?page=abc", "page", 0},
      {"q_600_chars", "/v1/search?q=" + std::string(600, 'a'), "q", 0},
      {"q_invalid_utf8", "/v1/search?q=%FF%FE", "q", 0},
      {"district_unknown", "/v1/search?district=Atlantis", "district", 12,
       "Friedrichshain-Kreuzberg"},
      {"need_unknown", "/v1/search?need=food", "need", 6, "volunteers"},
      {"topic_unknown", "/v1/search?topic=cooking", "topic", 18, "education"},
      {"facet_unknown", "/v1/search?facets=district,colour", "facets", 6, "neighbourhood"},
      {"sums_unknown", "/v1/search?facets=district&sums=hours", "sums", 1, "funding_gap_eur",
       "unknown sum \"hours\""},
      {"sums_empty", "/v1/search?sums=", "sums", 1, "funding_gap_eur"},
      {"sort_distance_without_near", "/v1/search?sort=distance", "sort", 0},
      {"radius_without_near", "/v1/search?radius_km=2", "radius_km", 0},
      {"staff_bezirk_without_value", "/v1/search?q=bezirk%3A", "q", 0, "", "bezirk"},
      {"staff_bezirk_unknown", "/v1/search?q=bezirk%3AAtlantis", "q", 0, "", "Neukölln"},
      {"sort_unknown", "/v1/search?sort=cheapest", "sort", 4, "newest"},
      {"q_twice", "/v1/search?q=a&q=b", "q", 0},
      {"near_unknown_place", "/v1/search?near=Atlantis", "near", 0},
      {"radius_negative", "/v1/search?near=12047&radius_km=-1", "radius_km", 0},
      {"district_empty", "/v1/search?district=", "district", 0},
      {"language_not_a_tag", "/v1/search?language=deutsch", "language", 0},
      {"status_unknown", "/v1/search?status=archived", "status", 3, "paused"},
      {"mode_unknown", "/v1/search?mode=vector", "mode", 2, "hybrid"},
      // The sample index holds 256-dimensional trained embeddings.
      {"vector_wrong_dimension", "/v1/search?q=laptop&vector=0.1,0.2,0.3", "vector", 0, "",
       "256-dimensional"},
      {"vector_not_a_number", "/v1/search?vector=0.1,zwei,0.3", "vector", 0, "", "value 2"},
      {"vector_empty", "/v1/search?vector=", "vector", 0, "", "empty"},
      {"vector_out_of_float_range", "/v1/search?vector=1e39", "vector", 0, "", "32-bit"},
      {"vector_with_lexical_mode", "/v1/search?vector=1&mode=lexical", "vector", 0, "",
       "mode=hybrid"},
      {"vector_with_sort_newest", "/v1/search?vector=1&sort=newest", "vector", 0, "", "relevance"},
      {"lang_unknown", "/v1/search?q=kita&lang=xx", "lang", 7, "fa"},
      {"prefix_unknown", "/v1/search?q=kita&prefix=first", "prefix", 2, "last"},
      {"suggest_without_q", "/v1/suggest", "q", 0, "", "missing"},
      {"suggest_blank_q", "/v1/suggest?q=%20%20", "q", 0},
      {"suggest_q_600_chars", "/v1/suggest?q=" + std::string(600, 'a'), "q", 0},
      {"suggest_q_invalid_utf8", "/v1/suggest?q=%FF%FE", "q", 0},
      {"suggest_limit_zero", "/v1/suggest?q=a&limit=0", "limit", 0},
      {"suggest_limit_21", "/v1/suggest?q=a&limit=21", "limit", 0},
      {"suggest_unknown_parameter", "/v1/suggest?q=a&per_page=3", "per_page", -1, "limit"},
      {"suggest_district_unknown", "/v1/suggest?q=a&district=Atlantis", "district", 12, "Neukölln"},
      {"suggest_lang_unknown", "/v1/suggest?q=a&lang=de-xx", "lang", 7},
  };
}

class BadRequestTest : public ServerTest, public ::testing::WithParamInterface<BadRequest> {};

TEST_P(BadRequestTest, Is400ProblemNamingTheParameter) {
  const BadRequest& c = GetParam();
  auto res = Get(c.target);
  ExpectProblem(res, 400);
  if (!res) return;
  json body = Body(res);
  EXPECT_EQ(body.value("parameter", "<absent>"), c.parameter) << res->body;
  EXPECT_EQ(body["type"], "https://hilfsnetz.example.org/problems/invalid-parameter");
  if (c.valid_values == 0) {
    EXPECT_FALSE(body.contains("valid_values")) << res->body;
  } else if (c.valid_values > 0) {
    ASSERT_TRUE(body["valid_values"].is_array()) << res->body;
    EXPECT_EQ(body["valid_values"].size(), static_cast<size_t>(c.valid_values)) << res->body;
  }
  if (!c.valid_contains.empty()) {
    ASSERT_TRUE(body["valid_values"].is_array()) << res->body;
    auto values = body["valid_values"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(values.begin(), values.end(), c.valid_contains), values.end()) << res->body;
  }
  if (!c.detail_contains.empty()) {
    EXPECT_NE(body["detail"].get<std::string>().find(c.detail_contains), std::string::npos)
        << res->body;
  }
}

INSTANTIATE_TEST_SUITE_P(AllBadRequests, BadRequestTest, ::testing::ValuesIn(BadRequests()),
                         [](const auto& p) { return p.param.name; });

TEST_F(ServerTest, DistrictUnknownListsTheTwelveDistricts) {
  auto res = Get("/v1/search?district=Atlantis");
  ExpectProblem(res, 400);
  auto values = Body(res)["valid_values"].get<std::vector<std::string>>();
  std::set<std::string> got(values.begin(), values.end());
  std::set<std::string> want = {"Mitte",
                                "Friedrichshain-Kreuzberg",
                                "Pankow",
                                "Charlottenburg-Wilmersdorf",
                                "Spandau",
                                "Steglitz-Zehlendorf",
                                "Tempelhof-Schöneberg",
                                "Neukölln",
                                "Treptow-Köpenick",
                                "Marzahn-Hellersdorf",
                                "Lichtenberg",
                                "Reinickendorf"};
  EXPECT_EQ(got, want);
}

TEST_F(ServerTest, NoBadRequestGives5xxAndServerKeepsServing) {
  for (const BadRequest& c : BadRequests()) {
    auto res = Get(c.target);
    ASSERT_TRUE(res) << c.name << ": " << httplib::to_string(res.error());
    EXPECT_LT(res->status, 500) << c.name << ": " << res->body;
  }
  auto health = Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto search = Get("/v1/search?q=" + UrlEncode("Refugees on Rails"));
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200);
  EXPECT_EQ(Body(search)["hits"][0]["id"], "refugees-on-rails");
}

class LenientQueryTest : public ServerTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(LenientQueryTest, Answers200) {
  auto res = Get("/v1/search?q=" + GetParam());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["hits"].is_array()) << res->body;
}

INSTANTIATE_TEST_SUITE_P(Lenient, LenientQueryTest,
                         ::testing::Values("%22unclosed", "-", "%3A", "a%3Ab", "---", "%22%22",
                                           "%22unclosed%20phrase%20-", "-%22%22", "%3A%3A%3A"));

TEST_F(ServerTest, DistrictSpellingVariantsFilterLikeTheCanonicalName) {
  auto canonical =
      Get("/v1/search?district=" + UrlEncode("Friedrichshain-Kreuzberg") + "&per_page=100");
  ASSERT_TRUE(canonical);
  ASSERT_EQ(canonical->status, 200) << canonical->body;
  const json want = Body(canonical);
  EXPECT_GT(want["total"].get<uint64_t>(), 0u);
  for (const std::string variant : {"friedrichshain%20kreuzberg", "FRIEDRICHSHAIN-KREUZBERG",
                                    "Bezirk%20Friedrichshain-Kreuzberg"}) {
    auto res = Get("/v1/search?district=" + variant + "&per_page=100");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << variant << ": " << res->body;
    EXPECT_EQ(Body(res)["total"], want["total"]) << variant;
    EXPECT_EQ(Body(res)["hits"], want["hits"]) << variant;
  }
}

TEST_F(ServerTest, UnclosedQuoteRunsToTheEnd) {
  // "refugees on rails (unclosed) is the phrase refugees on rails.
  auto res = Get("/v1/search?q=%22refugees%20on%20rails");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = Body(res);
  ASSERT_GE(body["hits"].size(), 1u);
  EXPECT_EQ(body["hits"][0]["id"], "refugees-on-rails");
}

TEST_F(ServerTest, ConcurrentSearchesAreAll200AndIdentical) {
  const std::vector<std::string> queries = {
      "/v1/search?q=fluechtlinge&facets=district,need",
      "/v1/search?q=" + UrlEncode("Deutsch lernen") + "&per_page=20",
      "/v1/search?district=Spandau&need=volunteers&facets=topic",
      "/v1/search?near=12047&radius_km=3&sort=distance",
      "/v1/search?q=" + UrlEncode("Kleiderkammer") + "&page=1",
  };
  std::vector<std::string> reference;
  for (const std::string& q : queries) {
    auto res = Get(q);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << q << ": " << res->body;
    reference.push_back(res->body);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client = server_->Client();
      for (int i = 0; i < 50; ++i) {
        const size_t k = static_cast<size_t>(t + i) % queries.size();
        auto res = client.Get(queries[k].c_str());
        if (!res || res->status != 200 || res->body != reference[k]) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace hilfsnetz
