#include "server/http_listener.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "server/content_coding.h"

namespace hilfsnetz::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kAwait = asio::use_awaitable;

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Set while the connection waits for its next request (Stop closes such connections at
  // once); read and written on the session's strand and by Stop under Impl::mu.
  std::atomic<bool> idle{true};
};

void CloseOnStrand(const std::shared_ptr<Session>& s) {
  asio::post(s->stream.get_executor(), [s] {
    beast::error_code ignored;
    s->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    s->stream.close();
  });
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Beast 1.74 has its own string_view (boost::string_view).
std::string_view Sv(beast::string_view v) { return std::string_view(v.data(), v.size()); }

bool IEquals(std::string_view a, std::string_view b) {
  return beast::iequals(beast::string_view(a.data(), a.size()),
                        beast::string_view(b.data(), b.size()));
}

// What was read of a request's header, for the handlers and for the problem of a rejected one.
void FillHead(const http::request<http::string_body>& head, HttpRequest& out) {
  out.method = std::string(Sv(head.method_string()));
  out.target = std::string(Sv(head.target()));
  const std::string_view target = Sv(head.target());
  const size_t q = target.find('?');
  out.path = PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) out.params = ParseQueryString(target.substr(q + 1));
  for (const auto& field : head)
    out.headers.emplace(std::string(Sv(field.name_string())), std::string(Sv(field.value())));
}

}  // namespace

struct HttpListener::Impl {
  ListenerOptions options;
  Handler handler;
  RejectHandler reject;
  asio::io_context io;
  // The acceptor, the drain timer and Stop's bookkeeping live on one strand.
  asio::strand<asio::io_context::executor_type> control{io.get_executor()};
  tcp::acceptor acceptor{control};
  asio::steady_timer drain_timer{control};
  int port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};
  std::atomic<uint64_t> accepted{0};
  std::mutex mu;
  std::set<std::shared_ptr<Session>> sessions;  // guarded by mu

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<Session> s);
  // Reads one request into `req`; false when the connection is to be closed (after
  // `rejected` was set to the response to send, or silently when it is empty).
  asio::awaitable<bool> Read(Session& s, beast::flat_buffer& buffer, HttpRequest& req,
                             bool& keep_alive, std::optional<HttpResponse>& rejected, int& version);
  asio::awaitable<HttpResponse> Dispatch(Session& s, HttpRequest req);
  asio::awaitable<bool> Write(Session& s, HttpResponse res, int version, bool keep_alive,
                              bool head);
  // After refusing a request whose body may still be arriving: stop sending, then read and
  // drop what comes for a while. Closing at once with unread bytes would make the kernel reset
  // the connection, and a reset can destroy the refusal before the client reads it.
  asio::awaitable<void> LingeringClose(Session& s);
  void Ended(const std::shared_ptr<Session>& s);
};

asio::awaitable<void> HttpListener::Impl::Accept() {
  while (!stopping) {
    tcp::socket socket(asio::make_strand(io));
    beast::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(kAwait, ec));
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) break;
      // Out of file descriptors or similar: wait a little rather than spin.
      asio::steady_timer pause(control, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(kAwait, ec));
      continue;
    }
    if (open.load() >= options.max_connections) {
      socket.close(ec);  // the client sees a reset and may retry; the others keep their service
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket));
    {
      std::lock_guard lock(mu);
      sessions.insert(session);
    }
    ++open;
    ++accepted;
    asio::co_spawn(session->stream.get_executor(), Serve(session), asio::detached);
  }
}

void HttpListener::Impl::Ended(const std::shared_ptr<Session>& s) {
  bool last = false;
  {
    std::lock_guard lock(mu);
    sessions.erase(s);
    last = --open == 0;
  }
  if (last && stopping) asio::post(control, [this] { drain_timer.cancel(); });
}

asio::awaitable<void> HttpListener::Impl::Serve(std::shared_ptr<Session> s) {
  beast::flat_buffer buffer;
  bool keep_alive = true;
  while (keep_alive && !stopping) {
    HttpRequest req;
    std::optional<HttpResponse> rejected;
    int version = 11;
    const bool ok = co_await Read(*s, buffer, req, keep_alive, rejected, version);
    if (!ok) {
      if (rejected) {
        co_await Write(*s, std::move(*rejected), version, false, req.method == "HEAD");
        co_await LingeringClose(*s);
      }
      break;
    }
    const bool head = req.method == "HEAD";
    HttpResponse res = co_await Dispatch(*s, std::move(req));
    if (res.close) keep_alive = false;
    if (!co_await Write(*s, std::move(res), version, keep_alive && !stopping, head)) break;
  }
  beast::error_code ignored;
  s->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  s->stream.close();
  Ended(s);
}

asio::awaitable<bool> HttpListener::Impl::Read(Session& s, beast::flat_buffer& buffer,
                                               HttpRequest& req, bool& keep_alive,
                                               std::optional<HttpResponse>& rejected,
                                               int& version) {
  beast::error_code ec;
  // Waiting for the next request: the idle timeout; Stop closes connections in this state.
  s.idle = true;
  if (buffer.size() == 0) {
    s.stream.expires_after(options.idle_timeout);
    const size_t n =
        co_await s.stream.async_read_some(buffer.prepare(4096), asio::redirect_error(kAwait, ec));
    if (ec) co_return false;
    buffer.commit(n);
  }
  s.idle = false;
  if (stopping) co_return false;
  auto refuse = [&](RejectReason reason) {
    rejected = reject(reason, req);
    rejected->close = true;
    return false;
  };

  http::request_parser<http::string_body> parser;
  parser.header_limit(
      static_cast<std::uint32_t>(options.max_target_bytes + options.max_header_bytes + 64));
  // The request's own limit is known once its head is read (below); until then the largest.
  // (Not boost::none for "no limit": this Beast compares a Content-Length with the empty
  // optional as greater, so every body would be refused.)
  parser.body_limit(options.body_limit ? std::numeric_limits<std::uint64_t>::max()
                                       : std::uint64_t{options.max_body_bytes});
  size_t body_limit = options.max_body_bytes;
  s.stream.expires_after(options.header_timeout);
  co_await http::async_read_header(s.stream, buffer, parser, asio::redirect_error(kAwait, ec));
  if (parser.is_header_done()) {
    FillHead(parser.get(), req);
    version = parser.get().version();
  }
  if (ec == http::error::header_limit) {
    // Too many header bytes after the request line, or a request line that never ended (the
    // parser sets the method once it has read the whole line).
    const auto& partial = parser.get();
    const bool line_read = !partial.method_string().empty();
    co_return refuse(line_read && partial.target().size() <= options.max_target_bytes
                         ? RejectReason::kHeadersTooLarge
                         : RejectReason::kTargetTooLong);
  }
  if (ec == http::error::body_limit)
    co_return refuse(RejectReason::kBodyTooLarge);  // Content-Length says so
  if (ec) {
    // The client went away or took too long: nothing to answer. Anything else is a request
    // that does not parse (bad Content-Length, both Content-Length and Transfer-Encoding, …).
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      co_return false;
    }
    co_return refuse(RejectReason::kMalformed);
  }
  const auto& head = parser.get();
  if (head.target().size() > options.max_target_bytes)
    co_return refuse(RejectReason::kTargetTooLong);
  if (options.body_limit) {
    body_limit = options.body_limit(Sv(head.method_string()), Sv(head.target()));
    if (parser.content_length() && *parser.content_length() > body_limit) {
      co_return refuse(RejectReason::kBodyTooLarge);
    }
    parser.body_limit(body_limit);  // chunked bodies: checked as the chunks arrive
  }
  // The parser's limit covers request line and fields together; the fields have their own.
  size_t fields = 0, field_bytes = 0;
  for (const auto& f : head) {
    ++fields;
    field_bytes += f.name_string().size() + f.value().size() + 4;  // ": " and CRLF
  }
  if (fields > options.max_header_fields || field_bytes > options.max_header_bytes) {
    co_return refuse(RejectReason::kHeadersTooLarge);
  }
  // Beast decodes chunked framing; any other transfer coding is not one we understand.
  if (auto te = head.find(http::field::transfer_encoding);
      te != head.end() && !IEquals(Trimmed(Sv(te->value())), "chunked")) {
    co_return refuse(RejectReason::kMalformed);
  }
  const std::string coding = Trimmed(Sv(head[http::field::content_encoding]));
  if (!coding.empty()) {
    std::string probe;
    if (DecodeBody(coding, std::string(), 0, probe) == DecodeOutcome::kUnsupported) {
      co_return refuse(RejectReason::kUnsupportedCoding);
    }
  }
  // The deadline runs from here: the client has sent its request and waits (a body slower
  // than the deadline is answered too late for it anyway).
  req.received = std::chrono::steady_clock::now();
  if (!parser.is_done()) {
    if (IEquals(Trimmed(Sv(head[http::field::expect])), "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, head.version()};
      s.stream.expires_after(options.write_timeout);
      co_await http::async_write(s.stream, cont, asio::redirect_error(kAwait, ec));
      if (ec) co_return false;
    }
    s.stream.expires_after(options.body_timeout);
    co_await http::async_read(s.stream, buffer, parser, asio::redirect_error(kAwait, ec));
    if (ec == http::error::body_limit) co_return refuse(RejectReason::kBodyTooLarge);
    if (ec) {
      if (ec == beast::error::timeout || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == http::error::partial_message ||
          ec == asio::error::operation_aborted) {
        co_return false;
      }
      co_return refuse(RejectReason::kMalformed);
    }
  }
  keep_alive = parser.get().keep_alive();
  http::request<http::string_body> message = parser.release();
  std::string body = std::move(message.body());
  if (coding.empty()) {
    req.body = std::move(body);
  } else {
    switch (DecodeBody(coding, std::move(body), body_limit, req.body)) {
      case DecodeOutcome::kOk:
        break;
      case DecodeOutcome::kTooLarge:
        co_return refuse(RejectReason::kBodyTooLarge);
      case DecodeOutcome::kUnsupported:
        co_return refuse(RejectReason::kUnsupportedCoding);
      case DecodeOutcome::kCorrupt:
        co_return refuse(RejectReason::kCorruptCoding);
    }
  }
  co_return true;
}

// Hands the request to the handler and waits, without holding the I/O thread, until it
// answers: the answer is posted to the session's strand, where it cancels the wait.
asio::awaitable<HttpResponse> HttpListener::Impl::Dispatch(Session& s, HttpRequest req) {
  auto slot = std::make_shared<std::optional<HttpResponse>>();
  auto timer = std::make_shared<asio::steady_timer>(s.stream.get_executor(),
                                                    asio::steady_timer::time_point::max());
  auto executor = s.stream.get_executor();
  try {
    handler(std::move(req), [slot, timer, executor](HttpResponse res) {
      asio::post(executor, [slot, timer, res = std::move(res)]() mutable {
        *slot = std::move(res);
        timer->cancel();
      });
    });
  } catch (const std::exception&) {
    // The handler failed to take the request (out of memory, a thread could not start).
    HttpResponse res;
    res.status = 500;
    res.close = true;
    co_return res;
  }
  while (!*slot) {
    beast::error_code ec;
    co_await timer->async_wait(asio::redirect_error(kAwait, ec));
  }
  co_return std::move(**slot);
}

asio::awaitable<bool> HttpListener::Impl::Write(Session& s, HttpResponse res, int version,
                                                bool keep_alive, bool head) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  out.set(http::field::server, "hilfsnetz");
  if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) out.insert(name, value);
  const bool no_body =
      res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
  if (!no_body) {
    out.content_length(res.body.size());
    if (!head) out.body() = std::move(res.body);
  }
  out.keep_alive(keep_alive && !res.close);
  beast::error_code ec;
  s.stream.expires_after(options.write_timeout);
  co_await http::async_write(s.stream, out, asio::redirect_error(kAwait, ec));
  co_return !ec && keep_alive && !res.close;
}

asio::awaitable<void> HttpListener::Impl::LingeringClose(Session& s) {
  constexpr size_t kMaxDrainBytes = 4 << 20;
  beast::error_code ec;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  s.stream.expires_after(std::chrono::seconds(2));
  char sink[16384];
  for (size_t drained = 0; !ec && drained < kMaxDrainBytes;) {
    drained +=
        co_await s.stream.async_read_some(asio::buffer(sink), asio::redirect_error(kAwait, ec));
  }
}

HttpListener::HttpListener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpListener::~HttpListener() {
  Stop();
  impl_->io.stop();
}

Result<std::unique_ptr<HttpListener>> HttpListener::Create(const ListenerOptions& options,
                                                           Handler handler, RejectHandler reject) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->reject = std::move(reject);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) return InvalidArgumentError("host: \"" + options.host + "\" is not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(options.backlog, ec);
  if (ec) {
    return UnavailableError("cannot listen on " + options.host + ":" +
                            std::to_string(options.port) + ": " + ec.message());
  }
  impl->port = impl->acceptor.local_endpoint().port();
  asio::co_spawn(impl->control, impl->Accept(), asio::detached);
  return std::unique_ptr<HttpListener>(new HttpListener(std::move(impl)));
}

int HttpListener::port() const { return impl_->port; }
size_t HttpListener::open_connections() const { return impl_->open.load(); }
uint64_t HttpListener::accepted_connections() const { return impl_->accepted.load(); }

void HttpListener::Run() {
  const int n = std::max(1, impl_->options.io_threads);
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (std::thread& t : threads) t.join();
}

void HttpListener::Stop() {
  Impl& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  asio::post(impl.control, [&impl] {
    beast::error_code ignored;
    impl.acceptor.close(ignored);
    std::vector<std::shared_ptr<Session>> busy;
    {
      std::lock_guard lock(impl.mu);
      for (const auto& s : impl.sessions) {
        if (s->idle) {
          CloseOnStrand(s);
        } else {
          busy.push_back(s);
        }
      }
    }
    if (busy.empty()) return;
    // Requests in flight get drain_timeout to be answered; then their connections are cut
    // (the timer is cancelled when the last connection ends first).
    impl.drain_timer.expires_after(impl.options.drain_timeout);
    impl.drain_timer.async_wait([&impl](beast::error_code ec) {
      if (ec) return;
      std::lock_guard lock(impl.mu);
      for (const auto& s : impl.sessions) CloseOnStrand(s);
    });
  });
}

}  // namespace hilfsnetz::server
