#include "tests/support/http_test_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>

namespace hilfsnetz::testing {

std::unique_ptr<HttpTestServer> HttpTestServer::Start(const std::string& index_dir, int threads) {
  server::ServerOptions options;
  options.index_dir = index_dir;
  options.port = 0;
  options.threads = threads;
  // Suggest counts exact whatever the machine's load (tests compare them with search totals);
  // the budget itself is tested on the Searcher (tests/ranking/suggest_budget_test.cc).
  options.suggest_budget_ms = 0;
  // A loaded machine (sanitizers, two test binaries at once, other work beside them) must not
  // turn answers into 503s: under ASan with two fuzzers on the same 2 cores, a server's first
  // requests took over 30 s.
  options.request_timeout_ms = 120000;
  return Start(options);
}

std::unique_ptr<HttpTestServer> HttpTestServer::Start(const server::ServerOptions& options) {
  auto created = server::HttpServer::Create(options);
  if (!created.ok()) {
    ADD_FAILURE() << "HttpServer::Create failed: " << created.status();
    return nullptr;
  }
  std::unique_ptr<HttpTestServer> s(new HttpTestServer());
  s->server_ = std::move(*created);
  server::HttpServer* raw = s->server_.get();
  s->thread_ = std::thread([raw] {
    Status st = raw->Run();
    if (!st.ok()) ADD_FAILURE() << "HttpServer::Run: " << st;
  });
  // The port is bound already; wait until the server answers.
  httplib::Client client("127.0.0.1", s->port());
  client.set_connection_timeout(1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/healthz");
    if (res && res->status == 200) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "server on port " << s->port() << " did not answer /healthz within 10 s";
  return s;
}

HttpTestServer::~HttpTestServer() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

httplib::Client HttpTestServer::Client() const {
  httplib::Client client("127.0.0.1", port());
  client.set_url_encode(false);
  client.set_read_timeout(150, 0);  // above the server's deadline (Start)
  return client;
}

}  // namespace hilfsnetz::testing
