#include "server/http_server.h"

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <variant>

#include <nlohmann/json.hpp>

#include "schemas/codec/company_codec.h"
#include "server/api_error.h"
#include "server/response_json.h"
#include "server/search_body.h"
#include "server/search_params.h"
#include "server/searcher_pool.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/dictionary.h"

namespace hilfsnetz::server {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kProblem = "application/problem+json; charset=utf-8";
// Request bodies (company profiles, POST /v1/search) above this are refused with 413 before
// they are read: a 4096-value vector is ~80 KB of JSON.
constexpr size_t kMaxBodyBytes = 1 << 20;

void SendProblem(const httplib::Request& req, httplib::Response& res, const ApiError& e) {
  res.status = e.HttpStatus();
  if (e.retry_after_s > 0) res.set_header("Retry-After", std::to_string(e.retry_after_s));
  res.set_content(e.ToJson(req.path), kProblem);
}

// The last-resort wrapper: whatever a handler throws becomes a 500 problem.
template <typename Fn>
httplib::Server::Handler Guarded(Fn fn) {
  return [fn](const httplib::Request& req, httplib::Response& res) {
    try {
      fn(req, res);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "handler error on %s: %s\n", req.path.c_str(), ex.what());
      SendProblem(req, res, FromStatus(InternalError(ex.what())));
    }
  };
}

// A client's query vector must fit the index's embeddings (GET /readyz shows them).
std::optional<ApiError> CheckVector(const std::vector<float>& v, const std::optional<ranking::EmbeddingInfo>& e) {
  if (!e) {
    return InvalidParameter("vector", "this index holds no embeddings; search without vector",
                            "dieser Index enthält keine Vektoren; bitte ohne vector suchen");
  }
  if (static_cast<int>(v.size()) == e->dimensions) return std::nullopt;
  const std::string n = std::to_string(v.size()), d = std::to_string(e->dimensions);
  return InvalidParameter("vector",
                          "vector has " + n + " values; this index holds " + d + "-dimensional " + e->kind +
                              " embeddings",
                          "vector hat " + n + " Werte; dieser Index enthält " + d + "-dimensionale Vektoren (" +
                              e->kind + ")");
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<SearcherPool> pool;
  httplib::Server http;
  int bound_port = 0;
  std::atomic<uint64_t> documents{0};

  // GET: URL parameters; POST: the same fields as a JSON object (room for a query vector).
  void HandleSearch(const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" && !req.params.empty()) {
      return SendProblem(req, res, InvalidParameter(req.params.begin()->first,
                                                    "POST /v1/search takes its parameters in the JSON body, not the URL",
                                                    "POST /v1/search nimmt die Parameter im JSON-Inhalt, nicht in der URL"));
    }
    auto parsed = req.method == "POST" ? ParseSearchBody(req.body) : ParseSearchParams(req.params);
    if (auto* err = std::get_if<ApiError>(&parsed)) return SendProblem(req, res, *err);
    const auto& request = std::get<ranking::SearchRequest>(parsed);
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    if (!request.vector.empty()) {
      if (auto err = CheckVector(request.vector, (*lease)->Embeddings())) return SendProblem(req, res, *err);
    }
    auto result = (*lease)->Search(request);
    if (!result.ok()) return SendProblem(req, res, FromStatus(result.status()));
    res.set_content(SearchResultJson(*result, request), kJson);
  }

  void HandleGet(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    auto json = (*lease)->GetJson(id);
    if (!json.ok()) {
      ApiError e = FromStatus(json.status());
      if (json.status().code() == StatusCode::kNotFound) {
        e.detail_de = "Keine Initiative mit der id „" + id + "“";
      }
      return SendProblem(req, res, e);
    }
    res.set_content(*json, kJson);
  }

  void HandleRecommend(const httplib::Request& req, httplib::Response& res) {
    schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(req.body);
    if (!parsed.ok()) {
      std::vector<ApiError::FieldProblem> problems;
      for (const schemas::FieldError& e : parsed.errors) problems.push_back({e.field, e.en, e.de});
      return SendProblem(req, res, InvalidBody(std::move(problems)));
    }
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    auto hits = (*lease)->Recommend(parsed.profile);
    if (!hits.ok()) {
      const Status& st = hits.status();
      if (st.code() != StatusCode::kInvalidArgument) return SendProblem(req, res, FromStatus(st));
      // "field: problem" from the recommender (embedding dimension, radius without a place).
      const size_t colon = st.message().find(": ");
      const std::string field = colon == std::string::npos ? "" : st.message().substr(0, colon);
      const std::string what = colon == std::string::npos ? st.message() : st.message().substr(colon + 2);
      const std::string de = field == "embedding"
                                 ? "passt nicht zu den Vektoren des Index (" + what + ")"
                                 : "braucht einen Ort (location, postcode oder district), von dem aus gemessen wird";
      return SendProblem(req, res, InvalidBody({{field, what, de}}));
    }
    res.set_content(RecommendationsJson(*hits, parsed.profile), kJson);
  }

  void HandleSimilar(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    int limit = 10;
    for (const auto& [key, value] : req.params) {
      if (key != "limit") {
        return SendProblem(req, res, InvalidParameter(key, "unknown parameter \"" + key + "\"",
                                                      "unbekannter Parameter „" + key + "“", {"limit"}));
      }
      char* end = nullptr;
      const long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < 1 || v > 100) {
        return SendProblem(req, res, InvalidParameter("limit", "limit must be a whole number from 1 to 100",
                                                      "limit muss eine ganze Zahl von 1 bis 100 sein"));
      }
      limit = static_cast<int>(v);
    }
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    auto hits = (*lease)->Similar(id, limit);
    if (!hits.ok()) return SendProblem(req, res, FromStatus(hits.status()));
    res.set_content(SimilarJson(*hits), kJson);
  }

  void HandleSuggest(const httplib::Request& req, httplib::Response& res) {
    auto parsed = ParseSuggestParams(req.params);
    if (auto* err = std::get_if<ApiError>(&parsed)) return SendProblem(req, res, *err);
    const auto& request = std::get<ranking::SuggestRequest>(parsed);
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    auto result = (*lease)->Suggest(request);
    if (!result.ok()) return SendProblem(req, res, FromStatus(result.status()));
    res.set_content(SuggestResultJson(*result, request), kJson);
  }

  void HandleReady(const httplib::Request& req, httplib::Response& res) {
    auto lease = pool->Acquire();
    if (!lease.ok()) return SendProblem(req, res, FromStatus(lease.status()));
    nlohmann::json j = {{"status", "ready"},
                        {"documents", (*lease)->DocCount()},
                        {"generation", (*lease)->generation()},
                        {"embeddings", nullptr}};
    if (auto e = (*lease)->Embeddings()) j["embeddings"] = {{"kind", e->kind}, {"dimensions", e->dimensions}};
    res.set_content(j.dump(), kJson);
  }

  void Routes() {
    http.Get("/healthz", Guarded([](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"ok"})", kJson);
    }));
    http.Get("/readyz", Guarded([this](const auto& q, auto& r) { HandleReady(q, r); }));
    http.Get("/v1/search", Guarded([this](const auto& q, auto& r) { HandleSearch(q, r); }));
    http.Post("/v1/search", Guarded([this](const auto& q, auto& r) { HandleSearch(q, r); }));
    http.Get("/v1/suggest", Guarded([this](const auto& q, auto& r) { HandleSuggest(q, r); }));
    http.Get(R"(/v1/initiatives/([^/]+))", Guarded([this](const auto& q, auto& r) { HandleGet(q, r); }));
    http.Get(R"(/v1/initiatives/([^/]+)/similar)",
             Guarded([this](const auto& q, auto& r) { HandleSimilar(q, r); }));
    http.Post("/v1/recommendations", Guarded([this](const auto& q, auto& r) { HandleRecommend(q, r); }));
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr) {
      SendProblem(req, res, FromStatus(InternalError("unexpected error")));
    });
    // Errors httplib produces itself (no route, URI too long, bad request line) become
    // problems too. A request line over httplib's 8 KiB limit is almost always a huge q.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.get_header_value("Content-Type").rfind("application/problem+json", 0) == 0) return;
      ApiError e;
      if (res.status == 404) {
        e.code = ApiErrorCode::kNotFound;
        e.detail_en = "no such endpoint: " + req.path;
        e.detail_de = "diesen Endpunkt gibt es nicht: " + req.path;
      } else if (res.status == 405) {
        e.code = ApiErrorCode::kMethodNotAllowed;
        e.detail_en = "method not allowed on " + req.path;
        e.detail_de = "Methode auf " + req.path + " nicht erlaubt";
      } else if (res.status == 413) {
        e.code = ApiErrorCode::kPayloadTooLarge;
        e.detail_en = "the request body is larger than " + std::to_string(kMaxBodyBytes / 1024) + " KiB";
        e.detail_de = "der Anfrageinhalt ist größer als " + std::to_string(kMaxBodyBytes / 1024) + " KiB";
      } else if (res.status == 414) {
        e = InvalidParameter("q", "the request is longer than 8 KiB; q may be at most 500 characters",
                             "die Anfrage ist länger als 8 KiB; q darf höchstens 500 Zeichen haben");
      } else {
        e = InvalidParameter("", "malformed HTTP request", "fehlerhafte HTTP-Anfrage");
      }
      SendProblem(req, res, e);
    });
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  (void)text::Analyzer::Default();  // load the analyser's tables now, not on the first request
  for (const std::string& e : text::ConceptLexicon::Default().LoadErrors()) {
    std::fprintf(stderr, "hilfsnetz: concept lexicon: %s (left out)\n", e.c_str());
  }
  // The dictionaries take about a second to read; they load beside the first requests, which
  // need them only for foreign words the lexicon lacks (text/dictionary.h).
  std::thread([] {
    for (const text::DictionarySource& d : text::Dictionaries::Default().sources()) {
      if (!d.loaded) {
        std::fprintf(stderr, "hilfsnetz: dictionary %s not used: %s (search goes on without it)\n",
                     d.name.c_str(), d.problem.c_str());
      }
    }
  }).detach();
  ranking::SearcherOptions searcher_options;
  searcher_options.reco_weights = options.reco_weights;
  searcher_options.suggest_count_budget =
      std::chrono::microseconds(static_cast<int64_t>(options.suggest_budget_ms * 1000));
  auto pool = SearcherPool::Open(options.index_dir, options.threads,
                                 std::chrono::milliseconds(options.max_wait_ms), searcher_options);
  if (!pool.ok()) return pool.status();
  impl->pool = std::move(*pool);
  const int threads = options.threads;
  impl->http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  impl->http.set_keep_alive_max_count(1000);
  impl->http.set_payload_max_length(kMaxBodyBytes);
  // Headers and body go out in two writes; without TCP_NODELAY the body waits for the
  // client's delayed ACK (~40 ms per request).
  impl->http.set_tcp_nodelay(true);
  impl->Routes();
  if (options.port == 0) {
    impl->bound_port = impl->http.bind_to_any_port(options.host);
  } else if (impl->http.bind_to_port(options.host, options.port)) {
    impl->bound_port = options.port;
  }
  if (impl->bound_port <= 0) {
    return UnavailableError("cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->bound_port; }

Status HttpServer::Run() {
  if (!impl_->http.listen_after_bind()) return InternalError("the HTTP listener stopped with an error");
  return Status::Ok();
}

void HttpServer::Stop() { impl_->http.stop(); }

}  // namespace hilfsnetz::server
