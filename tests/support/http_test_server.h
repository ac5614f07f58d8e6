// HttpTestServer: the real server::HttpServer on a free port (port 0), serving `index_dir`
// from a background thread. Start() returns once GET /healthz answers 200; the destructor
// calls Stop() and joins the thread. Suggest counts are always exact (no count budget).
//
//   auto server = HttpTestServer::Start(index->dir());
//   ASSERT_TRUE(server);
//   httplib::Client client = server->Client();
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "server/http_server.h"

namespace hilfsnetz::testing {

class HttpTestServer {
 public:
  // nullptr (with ADD_FAILURE) when Create fails or the server does not answer within 10 s.
  static std::unique_ptr<HttpTestServer> Start(const std::string& index_dir, int threads = 8);
  // With `options` as given (index_dir and port set by the caller; port 0 = a free one).
  static std::unique_ptr<HttpTestServer> Start(const server::ServerOptions& options);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  int port() const { return server_->port(); }
  // A client for this server: targets are sent as given (already URL-encoded), 30 s read
  // timeout.
  httplib::Client Client() const;

 private:
  HttpTestServer() = default;
  std::unique_ptr<server::HttpServer> server_;
  std::thread thread_;
};

}  // namespace hilfsnetz::testing
