// HttpServer: the HTTP API of hilfsnetz on cpp-httplib (hidden behind pimpl: no other file
// includes httplib.h).
//
// Routes: GET /healthz, /readyz, /v1/search, /v1/initiatives/{id}. Every error is an RFC 9457
// problem+json body built by server/api_error.cc; handlers never let an exception escape (a
// last-resort wrapper turns it into a 500 problem) and the process keeps serving.
//
// Thread-safety: Run() blocks the calling thread serving requests on `threads` workers;
// Stop() may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "ranking/reco_scoring.h"

namespace hilfsnetz::server {

struct ServerOptions {
  std::string index_dir;
  std::string host = "127.0.0.1";
  int port = 8080;     // 0 = any free port (see port())
  // Worker threads. cpp-httplib serves one keep-alive connection per thread until it closes,
  // so this bounds the concurrent connections; each thread has its own searcher.
  int threads = 16;
  int max_wait_ms = 2000;  // how long a request waits for a free searcher before 503
  // Time a /v1/suggest request may spend walking matches to count before it estimates the
  // rest (ranking::SearcherOptions::suggest_count_budget); 0 = always exact.
  double suggest_budget_ms = 1.0;
  ranking::RecoWeights reco_weights;  // --reco-weights; a request's `weights` override them
};

class HttpServer {
 public:
  // Opens the index (NotFound when there is none yet) and binds the port.
  static Result<std::unique_ptr<HttpServer>> Create(const ServerOptions& options);
  ~HttpServer();

  int port() const;
  Status Run();
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hilfsnetz::server
