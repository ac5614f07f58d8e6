// HttpListener: HTTP/1.1 connections on Boost.Beast/Asio — accepting, reading requests within
// limits, keep-alive, writing responses, timeouts and a graceful stop. It knows nothing of
// the API: complete requests go to a Handler, broken ones to a RejectHandler that builds the
// problem response (server/api_error.h is the one place that maps errors to HTTP).
//
// Why not one thread per connection (cpp-httplib's model, used before): a connection held its
// worker for its whole life, so 16 idle keep-alive or slow clients took the server down
// (docs/operations.md has the numbers). Here sockets are served by an event loop on a few I/O
// threads; an idle or slow connection costs a socket and a buffer, never a worker. Handlers
// run on the Handler's own threads (the API's worker pool with its admission control).
//
// Limits, each checked while reading (a limit crossed ends the request at once):
//   - request line (target) and header fields: max_target_bytes → 414, max_header_bytes or
//     max_header_fields → 431;
//   - body: max_body_bytes (or body_limit's answer for the request) of decoded bytes, whether sent
//   with Content-Length, chunked or
//     compressed (gzip/deflate inflated here) → 413; other content codings → 415;
//   - framing: a malformed or repeated Content-Length, Content-Length with Transfer-Encoding,
//     an unknown Transfer-Encoding → 400, connection closed (a proxy in front could read the
//     request differently: request smuggling);
//   - time: idle_timeout between requests, header_timeout for a header once it started,
//     body_timeout for the body, write_timeout for a response; a connection over its time is
//     closed.
// Range headers are ignored (answers are never partial).
//
// Thread-safety: Create from one thread; Run blocks (serving on io_threads threads) until
// Stop, which may be called from any thread (also from a signal-waiting thread).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/http_message.h"

namespace hilfsnetz::server {

struct ListenerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port
  int io_threads = 2;
  int backlog = 1024;              // the kernel caps it at net.core.somaxconn
  size_t max_connections = 10000;  // beyond: new connections are closed at once
  size_t max_target_bytes = 8 * 1024;
  size_t max_header_bytes = 16 * 1024;  // all header fields together
  size_t max_header_fields = 100;
  size_t max_body_bytes = 1 << 20;
  // When set: the body limit of a request by its method and target (e.g. larger for uploads),
  // instead of max_body_bytes.
  std::function<size_t(std::string_view method, std::string_view target)> body_limit;
  std::chrono::milliseconds idle_timeout{30000};
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  // After Stop: how long requests in flight may still take before connections are cut.
  std::chrono::milliseconds drain_timeout{5000};
};

// Why the listener refused a request before a handler saw it.
enum class RejectReason {
  kMalformed,          // 400: framing or syntax
  kTargetTooLong,      // 414
  kHeadersTooLarge,    // 431
  kBodyTooLarge,       // 413
  kUnsupportedCoding,  // 415: a Content-Encoding other than gzip, deflate, identity
  kCorruptCoding,      // 400: a gzip/deflate body that does not inflate
};

class HttpListener {
 public:
  // Calls `done` exactly once with the response (from any thread).
  using Handler = std::function<void(HttpRequest request, std::function<void(HttpResponse)> done)>;
  // The response to a rejected request; `request` holds what was read (method, path, headers
  // where known). Runs on an I/O thread: must be cheap.
  using RejectHandler =
      std::function<HttpResponse(RejectReason reason, const HttpRequest& request)>;

  // Binds and listens (UnavailableError when the address cannot be bound).
  static Result<std::unique_ptr<HttpListener>> Create(const ListenerOptions& options,
                                                      Handler handler, RejectHandler reject);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const;
  // Serves until Stop() and every connection has ended (or the drain timeout cut them).
  void Run();
  // Stops accepting, closes idle connections, lets requests in flight be answered (with
  // Connection: close) up to drain_timeout. Idempotent.
  void Stop();

  size_t open_connections() const;
  uint64_t accepted_connections() const;

 private:
  struct Impl;
  explicit HttpListener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hilfsnetz::server
