// ApiHandlers: the API's routes that need a searcher — search, suggest, an initiative, similar
// initiatives, recommendations, readiness — from a parsed HttpRequest to an HttpResponse.
// Parameters and bodies are parsed into typed requests at this edge (search_params.h,
// search_body.h, schemas/codec/company_codec.h); errors become problems through
// server/api_error.h only.
//
// Thread-safety: every handler may run on any worker thread at the same time (each leases its
// own searcher).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "indexer/live_writer.h"
#include "server/api_error.h"
#include "server/http_message.h"
#include "server/metrics.h"
#include "server/result_cache.h"
#include "server/searcher_pool.h"

namespace hilfsnetz::server {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";
inline constexpr const char* kProblemType = "application/problem+json; charset=utf-8";

// The problem response for `e` (Retry-After when it says so); instance = the request's path.
HttpResponse Problem(const HttpRequest& req, const ApiError& e);

using PathParams = std::vector<std::string>;

class ApiHandlers {
 public:
  // `request_timeout`: the deadline a search's match stops at (0 = none). `writer`: the
  // server's writer, if it takes writes: GET /v1/initiatives/{id} shows its logged writes at
  // once, before searches see them. `cache`: search answers by request and revision
  // (result_cache.h), or nullptr.
  ApiHandlers(SearcherPool& pool, Metrics& metrics, std::chrono::milliseconds request_timeout,
              const indexer::LiveWriter* writer = nullptr, ResultCache* cache = nullptr)
      : pool_(pool),
        metrics_(metrics),
        request_timeout_(request_timeout),
        writer_(writer),
        cache_(cache) {}

  HttpResponse Search(const HttpRequest& req, const PathParams&);
  HttpResponse Suggest(const HttpRequest& req, const PathParams&);
  HttpResponse Initiative(const HttpRequest& req, const PathParams& path);
  HttpResponse Similar(const HttpRequest& req, const PathParams& path);
  HttpResponse Recommend(const HttpRequest& req, const PathParams&);
  HttpResponse Ready(const HttpRequest& req, const PathParams&);

  // The served generation as of the last request (for /metrics, which takes no searcher).
  uint64_t documents() const { return documents_.load(); }
  uint64_t generation() const { return generation_.load(); }

 private:
  // A searcher, its wait recorded in the metrics; ResourceExhausted after the pool's wait.
  Result<SearcherPool::Lease> Lease();

  SearcherPool& pool_;
  Metrics& metrics_;
  std::chrono::milliseconds request_timeout_;
  const indexer::LiveWriter* writer_;
  ResultCache* cache_;
  std::atomic<uint64_t> documents_{0};
  std::atomic<uint64_t> generation_{0};
};

}  // namespace hilfsnetz::server
