// Query vectors from the client ("requests may pass a vector"): GET /v1/search?vector=… and
// POST /v1/search with a JSON body, over a tiny index whose records bring their own
// 4-dimensional embeddings, so that every cosine is known by construction.
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/search_body.h"
#include "server/search_params.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using ranking::SearchMode;
using ranking::SearchRequest;
using server::ApiError;
using testing::HttpTestServer;
using testing::TestIndex;

// ------------------------------------------------------------------ parsing, no server

SearchRequest ParseOk(const server::Params& params) {
  auto r = server::ParseSearchParams(params);
  if (auto* e = std::get_if<ApiError>(&r)) ADD_FAILURE() << e->ToJson("/");
  return std::holds_alternative<SearchRequest>(r) ? std::get<SearchRequest>(r) : SearchRequest{};
}

ApiError BodyError(const std::string& body) {
  auto r = server::ParseSearchBody(body);
  if (std::holds_alternative<SearchRequest>(r)) {
    ADD_FAILURE() << "accepted: " << body;
    return {};
  }
  return std::get<ApiError>(r);
}

TEST(SearchVectorParams, CommaListBecomesFloatsAndImpliesHybrid) {
  SearchRequest r = ParseOk({{"vector", "0.5, -1e-3 ,2"}});
  EXPECT_EQ(r.vector, (std::vector<float>{0.5f, -0.001f, 2.0f}));
  EXPECT_EQ(r.mode, SearchMode::kHybrid);
  SearchRequest explicit_hybrid = ParseOk({{"vector", "1"}, {"mode", "hybrid"}});
  EXPECT_EQ(explicit_hybrid.mode, SearchMode::kHybrid);
  SearchRequest none = ParseOk({{"q", "laptop"}});
  EXPECT_TRUE(none.vector.empty());
  EXPECT_EQ(none.mode, SearchMode::kLexical);
}

TEST(SearchVectorParams, TooManyValuesAreRefused) {
  std::string v = "0";
  for (size_t i = 1; i <= server::kMaxVectorValues; ++i) v += ",0";
  auto r = server::ParseSearchParams({{"vector", v}});
  ASSERT_TRUE(std::holds_alternative<ApiError>(r));
  EXPECT_EQ(std::get<ApiError>(r).parameter, "vector");
  EXPECT_NE(std::get<ApiError>(r).detail_en.find("4097 values"), std::string::npos);
}

TEST(SearchVectorParams, BodyMeansTheSameAsTheUrl) {
  SearchRequest url = ParseOk({{"q", "laptop"},
                               {"district", "Neukölln"},
                               {"district", "Mitte"},
                               {"per_page", "5"},
                               {"facets", "district,need"},
                               {"near", "12047"},
                               {"radius_km", "2.5"},
                               {"vector", "0.25,-1"}});
  auto parsed = server::ParseSearchBody(R"({"q": "laptop", "district": ["Neukölln", "Mitte"],
      "per_page": 5, "facets": ["district", "need"], "near": 12047, "radius_km": 2.5,
      "vector": [0.25, -1], "page": null})");
  ASSERT_TRUE(std::holds_alternative<SearchRequest>(parsed))
      << std::get<ApiError>(parsed).ToJson("/");
  const SearchRequest& body = std::get<SearchRequest>(parsed);
  EXPECT_EQ(body.q, url.q);
  EXPECT_EQ(body.filters.districts, url.filters.districts);
  EXPECT_EQ(body.filters.districts, (std::vector<std::string>{"Neukölln", "Mitte"}));
  EXPECT_EQ(body.per_page, 5);
  EXPECT_EQ(body.page, 1);
  EXPECT_EQ(body.facets, url.facets);
  ASSERT_TRUE(body.near && body.radius_km);
  EXPECT_DOUBLE_EQ(body.near->lat, url.near->lat);
  EXPECT_DOUBLE_EQ(*body.radius_km, 2.5);
  EXPECT_EQ(body.vector, (std::vector<float>{0.25f, -1.0f}));
  EXPECT_EQ(body.mode, SearchMode::kHybrid);
}

TEST(SearchVectorParams, EmptyBodyBrowses) {
  auto parsed = server::ParseSearchBody("  \n");
  ASSERT_TRUE(std::holds_alternative<SearchRequest>(parsed));
  EXPECT_EQ(std::get<SearchRequest>(parsed).q, "");
}

TEST(SearchVectorParams, BodyErrorsNameTheField) {
  EXPECT_EQ(BodyError(R"({"vector": "1,0"})").parameter, "vector");
  ApiError second = BodyError(R"({"vector": [1, "zwei"]})");
  EXPECT_EQ(second.parameter, "vector");
  EXPECT_NE(second.detail_en.find("value 2"), std::string::npos) << second.detail_en;
  EXPECT_FALSE(second.detail_de.empty());
  EXPECT_EQ(BodyError(R"({"vector": []})").parameter, "vector");
  EXPECT_EQ(BodyError(R"({"vector": [1e39]})").parameter, "vector");
  EXPECT_EQ(BodyError(R"({"q": true})").parameter, "q");
  EXPECT_EQ(BodyError(R"({"district": [{"name": "Mitte"}]})").parameter, "district");
  EXPECT_EQ(BodyError(R"({"colour": "red"})").parameter, "colour");
  EXPECT_EQ(BodyError(R"({"q": ["a", "b"]})").parameter, "q");
  EXPECT_EQ(BodyError(R"({"per_page": 0})").parameter, "per_page");
  EXPECT_EQ(BodyError(R"([{"q": "a"}])").parameter, "");
  EXPECT_EQ(BodyError(R"({"q": "a",)").parameter, "");
  EXPECT_EQ(BodyError("{\"q\": \"\xFF\"}").parameter, "");
  EXPECT_EQ(BodyError(R"({"vector": [1, 0], "mode": "lexical"})").parameter, "vector");
}

// ------------------------------------------------------------------ over HTTP

// One record; `e` is its 4-dimensional embedding.
std::string Record(const std::string& id, const std::string& title, const std::string& district,
                   const std::string& topic, std::vector<double> e,
                   const std::string& status = "active") {
  json j = {{"id", id},         {"title", title},       {"summary", "Eine Initiative in Berlin."},
            {"language", "de"}, {"district", district}, {"topics", {topic}},
            {"status", status}, {"embedding", e}};
  return j.dump() + "\n";
}

class SearchVectorHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string jsonl;
    jsonl += Record("a-laptops", "Laptops für Geflüchtete", "Neukölln", "digital", {1, 0, 0, 0});
    jsonl += Record("b-rechner", "Rechner-Spende", "Friedrichshain-Kreuzberg", "digital",
                    {0.9, 0.1, 0, 0});
    jsonl += Record("c-fussball", "Fußball im Kiez", "Neukölln", "sport", {0, 1, 0, 0});
    jsonl += Record("d-sprachcafe", "Sprachcafé Moabit", "Mitte", "language", {0, 0, 1, 0});
    jsonl +=
        Record("e-werkstatt", "Laptop-Werkstatt", "Neukölln", "digital", {1, 0, 0, 0}, "paused");
    jsonl += Record("f-kunst", "Kunst mit Kindern", "Mitte", "culture", {0, 0, 0, 1});
    jsonl += Record("g-computerkurs", "Computerkurs für Frauen", "Neukölln", "education",
                    {0.6, 0, 0.8, 0});
    index_ = TestIndex::FromJsonl(jsonl).release();
    ASSERT_NE(index_, nullptr);
    ASSERT_EQ(index_->report().indexed, 7u);
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

  static httplib::Client Client() { return server_->Client(); }
  // The JSON answer of a GET (target URL-encoded); status checked by the caller.
  static std::pair<int, json> Get(const std::string& target) {
    auto res = Client().Get(target.c_str());
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  static std::pair<int, json> Post(const std::string& target, const std::string& body) {
    auto res = Client().Post(target.c_str(), body, "application/json");
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  static std::vector<std::string> Ids(const json& body) {
    std::vector<std::string> ids;
    for (const json& h : body["hits"]) ids.push_back(h["id"]);
    return ids;
  }

  static TestIndex* index_;
  static HttpTestServer* server_;
};

TestIndex* SearchVectorHttpTest::index_ = nullptr;
HttpTestServer* SearchVectorHttpTest::server_ = nullptr;

TEST_F(SearchVectorHttpTest, ReadyzTellsTheKindAndDimension) {
  auto [status, body] = Get("/readyz");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["embeddings"], json({{"kind", "provided"}, {"dimensions", 4}}));
}

TEST_F(SearchVectorHttpTest, VectorAloneOrdersEveryActiveInitiativeByCosine) {
  auto [status, body] = Get("/v1/search?vector=1,0,0,0&facets=district");
  ASSERT_EQ(status, 200) << body;
  // cosines: a 1, b 0.994, g 0.6, then c, d, f at 0 (row order); e is paused.
  EXPECT_EQ(Ids(body), (std::vector<std::string>{"a-laptops", "b-rechner", "g-computerkurs",
                                                 "c-fussball", "d-sprachcafe", "f-kunst"}));
  EXPECT_EQ(body["total"], 6);
  EXPECT_EQ(body["facets"]["district"],
            json({{"Neukölln", 3}, {"Mitte", 2}, {"Friedrichshain-Kreuzberg", 1}}));
  EXPECT_NEAR(body["hits"][0]["components"]["semantic"].get<double>(), 1.0, 1e-4);
  EXPECT_TRUE(body["hits"][0]["components"]["lexical"].is_null());
  EXPECT_NEAR(body["hits"][2]["components"]["semantic"].get<double>(), 0.6, 1e-4);
}

TEST_F(SearchVectorHttpTest, FiltersApplyBeforeTheCut) {
  auto [status, body] =
      Get("/v1/search?vector=1,0,0,0&district=Neuk%C3%B6lln&per_page=2&facets=district");
  ASSERT_EQ(status, 200) << body;
  EXPECT_EQ(Ids(body), (std::vector<std::string>{"a-laptops", "g-computerkurs"}));
  EXPECT_EQ(body["total"], 3);
  EXPECT_EQ(body["facets"]["district"], json({{"Neukölln", 3}}));
  auto [status2, page2] = Get("/v1/search?vector=1,0,0,0&district=Neuk%C3%B6lln&per_page=2&page=2");
  ASSERT_EQ(status2, 200);
  EXPECT_EQ(Ids(page2), (std::vector<std::string>{"c-fussball"}));
  auto [status3, paused] = Get("/v1/search?vector=1,0,0,0&status=paused");
  ASSERT_EQ(status3, 200);
  EXPECT_EQ(Ids(paused), (std::vector<std::string>{"e-werkstatt"}));
}

TEST_F(SearchVectorHttpTest, NegatedWordsStillExclude) {
  auto [status, body] = Get("/v1/search?vector=0,1,0,0&q=-fu%C3%9Fball");
  ASSERT_EQ(status, 200) << body;
  std::vector<std::string> ids = Ids(body);
  EXPECT_EQ(body["total"], 5) << body;
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "c-fussball"), ids.end()) << body;
}

TEST_F(SearchVectorHttpTest, TitleWithEveryWordStaysAboveSemanticHits) {
  // The vector points at the laptop initiatives; the words name the Sprachcafé.
  auto [status, body] =
      Post("/v1/search", R"({"q": "Sprachcafé", "vector": [1, 0, 0, 0], "facets": ["district"]})");
  ASSERT_EQ(status, 200) << body;
  std::vector<std::string> ids = Ids(body);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], "d-sprachcafe");
  EXPECT_FALSE(body["hits"][0]["components"]["lexical"].is_null());
  // Semantic hits with cosine >= 0.2 follow: a, b, g (g's 0.6 is below b's 0.994).
  EXPECT_EQ(ids,
            (std::vector<std::string>{"d-sprachcafe", "a-laptops", "b-rechner", "g-computerkurs"}));
  EXPECT_EQ(body["total"], 4);
  EXPECT_EQ(body["facets"]["district"],
            json({{"Neukölln", 2}, {"Friedrichshain-Kreuzberg", 1}, {"Mitte", 1}}));
}

TEST_F(SearchVectorHttpTest, PostTakesTheSameFieldsAsGet) {
  auto [gs, got] =
      Get("/v1/search?vector=0,0,1,0&district=Mitte&district=Neuk%C3%B6lln&per_page=3");
  auto [ps, posted] =
      Post("/v1/search",
           R"({"vector": [0, 0, 1, 0], "district": ["Mitte", "Neukölln"], "per_page": 3})");
  ASSERT_EQ(gs, 200);
  ASSERT_EQ(ps, 200) << posted;
  EXPECT_EQ(Ids(got), (std::vector<std::string>{"d-sprachcafe", "g-computerkurs", "a-laptops"}));
  EXPECT_EQ(Ids(posted), Ids(got));
  EXPECT_EQ(posted["total"], got["total"]);
}

TEST_F(SearchVectorHttpTest, WrongDimensionIs400NamingVector) {
  auto [status, body] = Get("/v1/search?vector=1,0,0");
  ASSERT_EQ(status, 400) << body;
  EXPECT_EQ(body["parameter"], "vector");
  EXPECT_NE(body["detail"].get<std::string>().find("3 values"), std::string::npos) << body;
  EXPECT_NE(body["detail"].get<std::string>().find("4-dimensional provided"), std::string::npos)
      << body;
  EXPECT_NE(body["detail_de"].get<std::string>().find("4-dimensionale"), std::string::npos) << body;
  auto [pstatus, pbody] = Post("/v1/search", R"({"q": "laptop", "vector": [1, 0, 0, 0, 0]})");
  ASSERT_EQ(pstatus, 400) << pbody;
  EXPECT_EQ(pbody["parameter"], "vector");
}

TEST_F(SearchVectorHttpTest, BadBodiesAre400AndTheServerKeepsServing) {
  // (body, the "parameter" of the problem; "<absent>" for a body that is not an object)
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"vector": "1,0,0,0"})", "vector"},
      {R"({"vector": [1, null, 0, 0]})", "vector"},
      {R"({"q": {"text": "a"}})", "q"},
      {R"({"farbe": "rot"})", "farbe"},
      {R"({"q": "a",)", "<absent>"},
      {"[1, 2]", "<absent>"},
      {R"({"per_page": 500})", "per_page"},
      {R"({"vector": [1, 0, 0, 0], "sort": "newest"})", "vector"},
  };
  for (const auto& [body, field] : cases) {
    auto [status, problem] = Post("/v1/search", body);
    EXPECT_EQ(status, 400) << body << " -> " << problem;
    EXPECT_EQ(problem.value("parameter", "<absent>"), field) << body << " -> " << problem;
    EXPECT_FALSE(problem.value("detail_de", "").empty()) << body;
  }
  // A body over 1 MiB is refused before it is parsed.
  const std::string huge = R"({"q": ")" + std::string(2 << 20, 'a') + R"("})";
  auto [big_status, big_problem] = Post("/v1/search", huge);
  EXPECT_EQ(big_status, 413) << big_problem;
  EXPECT_EQ(big_problem.value("type", ""),
            "https://hilfsnetz.example.org/problems/payload-too-large");
  EXPECT_FALSE(big_problem.value("detail_de", "").empty());
  auto [url_status, url_problem] = Post("/v1/search?q=laptop", "{}");
  EXPECT_EQ(url_status, 400);
  EXPECT_EQ(url_problem["parameter"], "q");
  auto [status, ok] = Get("/v1/search?q=Laptops");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(Ids(ok)[0], "a-laptops");
}

}  // namespace
}  // namespace hilfsnetz
