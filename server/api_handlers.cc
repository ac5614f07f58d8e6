#include "server/api_handlers.h"

#include <cstdlib>
#include <variant>

#include <nlohmann/json.hpp>

#include "indexer/live_writer.h"
#include "schemas/codec/company_codec.h"
#include "server/response_json.h"
#include "server/search_body.h"
#include "server/search_params.h"

namespace hilfsnetz::server {
namespace {

HttpResponse Json(std::string body) {
  HttpResponse res;
  res.content_type = kJsonType;
  res.body = std::move(body);
  return res;
}

// A client's query vector must fit the index's embeddings (GET /readyz shows them).
std::optional<ApiError> CheckVector(const std::vector<float>& v,
                                    const std::optional<ranking::EmbeddingInfo>& e) {
  if (!e) {
    return InvalidParameter("vector", "this index holds no embeddings; search without vector",
                            "dieser Index enthält keine Vektoren; bitte ohne vector suchen");
  }
  if (static_cast<int>(v.size()) == e->dimensions) return std::nullopt;
  const std::string n = std::to_string(v.size()), d = std::to_string(e->dimensions);
  return InvalidParameter("vector",
                          "vector has " + n + " values; this index holds " + d + "-dimensional " +
                              e->kind + " embeddings",
                          "vector hat " + n + " Werte; dieser Index enthält " + d +
                              "-dimensionale Vektoren (" + e->kind + ")");
}

// "gen-000008" → 8.
uint64_t GenerationNumber(const std::string& name) {
  const size_t digits = name.find_first_of("0123456789");
  return digits == std::string::npos ? 0 : std::strtoull(name.c_str() + digits, nullptr, 10);
}

// What a cached answer was computed from: the searcher's generation and revision.
std::string CacheRevision(const ranking::Searcher& searcher) {
  return searcher.generation() + "@" + std::to_string(searcher.revision());
}

ApiError Deadline(std::chrono::milliseconds timeout) {
  ApiError e;
  e.code = ApiErrorCode::kDeadlineExceeded;
  const std::string s = std::to_string(timeout.count());
  e.detail_en = "the request took longer than " + s + " ms; try fewer filters or a narrower query";
  e.detail_de =
      "die Anfrage dauerte länger als " + s + " ms; bitte weniger Filter oder eine engere Suche";
  e.retry_after_s = 1;
  return e;
}

}  // namespace

HttpResponse Problem(const HttpRequest& req, const ApiError& e) {
  HttpResponse res;
  res.status = e.HttpStatus();
  res.content_type = kProblemType;
  res.body = e.ToJson(req.path);
  if (e.retry_after_s > 0) res.headers.emplace_back("Retry-After", std::to_string(e.retry_after_s));
  return res;
}

Result<SearcherPool::Lease> ApiHandlers::Lease() {
  const auto start = std::chrono::steady_clock::now();
  Result<SearcherPool::Lease> lease = pool_.Acquire();
  metrics_.ObserveSearcherWait(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      lease.ok() || lease.status().code() != StatusCode::kResourceExhausted);
  if (lease.ok()) {
    documents_ = (*lease)->DocCount();
    generation_ = GenerationNumber((*lease)->generation());
  }
  return lease;
}

// GET: URL parameters; POST: the same fields as a JSON object (room for a query vector).
HttpResponse ApiHandlers::Search(const HttpRequest& req, const PathParams&) {
  if (req.method == "POST" && !req.params.empty()) {
    return Problem(
        req,
        InvalidParameter(req.params.begin()->first,
                         "POST /v1/search takes its parameters in the JSON body, not the URL",
                         "POST /v1/search nimmt die Parameter im JSON-Inhalt, nicht in der URL"));
  }
  auto parsed = req.method == "POST" ? ParseSearchBody(req.body) : ParseSearchParams(req.params);
  if (auto* err = std::get_if<ApiError>(&parsed)) return Problem(req, *err);
  auto& request = std::get<ranking::SearchRequest>(parsed);
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  if (!request.vector.empty()) {
    if (auto err = CheckVector(request.vector, (*lease)->Embeddings())) return Problem(req, *err);
  }
  // The match stops at the request's deadline (time spent waiting for a worker counts).
  using Seconds = std::chrono::duration<double>;
  if (request_timeout_.count() > 0) {
    const Seconds left = request_timeout_ - (std::chrono::steady_clock::now() - req.received);
    if (left.count() <= 0) return Problem(req, Deadline(request_timeout_));
    request.time_limit_s = left.count();
  }
  // The same request on the same revision has the same answer (result_cache.h).
  const std::optional<std::string> key = cache_ ? SearchCacheKey(request) : std::nullopt;
  const std::string revision = key ? CacheRevision(**lease) : "";
  if (key) {
    if (std::shared_ptr<const std::string> body = cache_->Find(*key, revision)) return Json(*body);
  }
  auto result = (*lease)->Search(request);
  if (!result.ok()) return Problem(req, FromStatus(result.status()));
  // A match cut by the time limit ranked only part of the index: not an answer to give.
  if (request_timeout_.count() > 0 &&
      std::chrono::steady_clock::now() - req.received >= request_timeout_) {
    return Problem(req, Deadline(request_timeout_));
  }
  std::string body = SearchResultJson(*result, request);
  if (key) cache_->Insert(*key, revision, body);
  return Json(std::move(body));
}

HttpResponse ApiHandlers::Initiative(const HttpRequest& req, const PathParams& path) {
  const std::string& id = path.at(0);
  // A write the writer has logged but not yet committed (a realtime GET).
  if (std::optional<indexer::WriteResult> pending = writer_ ? writer_->Pending(id) : std::nullopt) {
    if (pending->json.empty()) {
      ApiError e = FromStatus(NotFoundError("no initiative with id '" + id + "'"));
      e.detail_de = "Keine Initiative mit der id „" + id + "“";
      return Problem(req, e);
    }
    HttpResponse res = Json(pending->json);
    res.headers.emplace_back("ETag", "\"" + pending->version + "\"");
    return res;
  }
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  auto json = (*lease)->GetJson(id);
  if (!json.ok()) {
    ApiError e = FromStatus(json.status());
    if (json.status().code() == StatusCode::kNotFound)
      e.detail_de = "Keine Initiative mit der id „" + id + "“";
    return Problem(req, e);
  }
  HttpResponse res = Json(std::move(*json));
  // The version a conditional write (If-Match) names: server/write_handlers.h.
  res.headers.emplace_back("ETag", "\"" + indexer::RecordVersion(res.body) + "\"");
  return res;
}

HttpResponse ApiHandlers::Recommend(const HttpRequest& req, const PathParams&) {
  schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(req.body);
  if (!parsed.ok()) {
    std::vector<ApiError::FieldProblem> problems;
    for (const schemas::FieldError& e : parsed.errors) problems.push_back({e.field, e.en, e.de});
    return Problem(req, InvalidBody(std::move(problems)));
  }
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  auto hits = (*lease)->Recommend(parsed.profile);
  if (!hits.ok()) {
    const Status& st = hits.status();
    if (st.code() != StatusCode::kInvalidArgument) return Problem(req, FromStatus(st));
    // The recommender names the field (embedding dimension, radius without a place).
    const std::string de =
        st.field() == "embedding"
            ? "passt nicht zu den Vektoren des Index (" + st.message() + ")"
            : "braucht einen Ort (location, postcode oder district), von dem aus gemessen wird";
    return Problem(req, InvalidBody({{st.field(), st.message(), de}}));
  }
  return Json(RecommendationsJson(*hits, parsed.profile));
}

HttpResponse ApiHandlers::Similar(const HttpRequest& req, const PathParams& path) {
  int limit = 10;
  for (const auto& [key, value] : req.params) {
    if (key != "limit") {
      return Problem(req, InvalidParameter(key, "unknown parameter \"" + key + "\"",
                                           "unbekannter Parameter „" + key + "“", {"limit"}));
    }
    char* end = nullptr;
    const long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || v < 1 || v > 100) {
      return Problem(req, InvalidParameter("limit", "limit must be a whole number from 1 to 100",
                                           "limit muss eine ganze Zahl von 1 bis 100 sein"));
    }
    limit = static_cast<int>(v);
  }
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  auto hits = (*lease)->Similar(path.at(0), limit);
  if (!hits.ok()) return Problem(req, FromStatus(hits.status()));
  return Json(SimilarJson(*hits));
}

HttpResponse ApiHandlers::Suggest(const HttpRequest& req, const PathParams&) {
  auto parsed = ParseSuggestParams(req.params);
  if (auto* err = std::get_if<ApiError>(&parsed)) return Problem(req, *err);
  const auto& request = std::get<ranking::SuggestRequest>(parsed);
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  const std::string key = cache_ ? SuggestCacheKey(request) : "";
  const std::string revision = cache_ ? CacheRevision(**lease) : "";
  if (cache_) {
    if (std::shared_ptr<const std::string> body = cache_->Find(key, revision)) return Json(*body);
  }
  auto result = (*lease)->Suggest(request);
  if (!result.ok()) return Problem(req, FromStatus(result.status()));
  std::string body = SuggestResultJson(*result, request);
  if (cache_) cache_->Insert(key, revision, body);
  return Json(std::move(body));
}

HttpResponse ApiHandlers::Ready(const HttpRequest& req, const PathParams&) {
  auto lease = Lease();
  if (!lease.ok()) return Problem(req, FromStatus(lease.status()));
  nlohmann::json j = {{"status", "ready"},
                      {"documents", (*lease)->DocCount()},
                      {"generation", (*lease)->generation()},
                      {"embeddings", nullptr}};
  if (auto e = (*lease)->Embeddings())
    j["embeddings"] = {{"kind", e->kind}, {"dimensions", e->dimensions}};
  return Json(j.dump());
}

}  // namespace hilfsnetz::server
