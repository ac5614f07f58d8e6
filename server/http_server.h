// HttpServer: the HTTP API of hilfsnetz — the route table, the handlers and what every answer
// gets on its way out (CORS, gzip, metrics, the access log). Connections are the business of
// server/http_listener.h (Boost.Beast, an event loop on a few I/O threads); requests that need
// a searcher run on a WorkQueue of `threads` workers, each with its own searcher.
//
// Routes: GET /healthz, /readyz, /metrics, /openapi.json, /v1/search (also POST), /v1/suggest,
// /v1/initiatives/{id}, /v1/initiatives/{id}/similar; POST /v1/recommendations. Every error is
// an RFC 9457 problem+json body built by server/api_error.cc; handlers never let an exception
// escape (a last-resort wrapper turns it into a 500 problem) and the process keeps serving.
// docs/operations.md lists the limits, flags, metrics and log format.
//
// Thread-safety: Run() blocks the calling thread serving requests; Stop() may be called from
// any thread.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "ranking/reco_scoring.h"
#include "server/api_keys.h"

namespace hilfsnetz::server {

struct ServerOptions {
  std::string index_dir;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see port())
  // Worker threads, each with its own searcher: how many requests run at once. Connections
  // are not bounded by it (they wait on the I/O threads at no cost).
  int threads = 16;
  int io_threads = 2;  // threads reading and writing sockets
  // Requests that may wait for a worker beyond `threads` running; more are refused (503).
  int max_queued = 64;
  int max_wait_ms = 2000;  // how long a request waits for a free searcher before 503
  // A request not answered within this time (waiting included) gets 503; a search's Xapian
  // match stops at it. 0 = no deadline.
  int request_timeout_ms = 2000;
  size_t max_body_bytes = 1 << 20;  // decoded bytes of a request body
  // ... of an upload: POST /v1/initiatives/bulk, PUT /v1/initiatives (a whole collection)
  size_t max_upload_bytes = size_t{256} << 20;
  // With writes: the longest a written record waits to be seen by searches (unless the write
  // asks ?refresh=wait). indexer::WriterOptions::refresh_interval.
  int refresh_interval_ms = 250;
  int keep_alive_timeout_ms = 30000;
  size_t max_connections = 10000;
  std::vector<std::string> cors_origins;  // answered with CORS headers; "*" = any origin
  std::string access_log;                 // "" none, "-" stdout, else a file appended to
  bool log_queries = false;               // query strings in the access log
  // Time a /v1/suggest request may spend walking matches to count before it estimates the
  // rest (ranking::SearcherOptions::suggest_count_budget); 0 = always exact.
  double suggest_budget_ms = 1.0;
  ranking::RecoWeights reco_weights;  // --reco-weights; a request's `weights` override them
  // API keys (--keys FILE, HILFSNETZ_API_KEYS): writes need a write key; reads need a read or
  // write key only with require_read_key (--require-read-key). docs/operations.md.
  ApiKeys keys;
  bool require_read_key = false;
  // The portal page (web/, compiled in) at "/" and its views; false: the API alone (--no-page).
  bool serve_page = true;
  // Bytes of search and suggest answers kept by request and index revision (result_cache.h;
  // --result-cache-mb); 0 = none.
  size_t result_cache_bytes = 0;
};

class HttpServer {
 public:
  // Opens the index (NotFound when there is none yet) and binds the port.
  static Result<std::unique_ptr<HttpServer>> Create(const ServerOptions& options);
  ~HttpServer();

  // Every route served, as (method, path template), e.g. ("GET", "/v1/initiatives/{id}").
  static std::vector<std::pair<std::string, std::string>> RouteTable();

  int port() const;
  // Serves until Stop(); then lets requests in flight finish (up to the request timeout).
  Status Run();
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hilfsnetz::server
