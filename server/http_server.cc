#include "server/http_server.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "indexer/live_writer.h"
#include "indexer/write_log.h"
#include "ranking/index_snapshot.h"
#include "server/access_log.h"
#include "server/api_handlers.h"
#include "server/content_coding.h"
#include "server/http_listener.h"
#include "server/metrics.h"
#include "server/openapi_document.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "server/static_site.h"
#include "server/work_queue.h"
#include "server/write_handlers.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/dictionary.h"

namespace hilfsnetz::server {
namespace {

// Responses smaller than this go out as they are: gzip's header and the CPU cost more than
// the bytes saved.
constexpr size_t kGzipMinBytes = 1024;

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// "application/json", "application/json; charset=utf-8", "application/merge-patch+json".
bool IsJson(std::string content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  content_type.erase(std::remove(content_type.begin(), content_type.end(), ' '),
                     content_type.end());
  std::transform(content_type.begin(), content_type.end(), content_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return content_type == "application/json" ||
         (content_type.rfind("application/", 0) == 0 && content_type.size() > 5 &&
          content_type.compare(content_type.size() - 5, 5, "+json") == 0);
}

ApiError Simple(ApiErrorCode code, std::string en, std::string de) {
  ApiError e;
  e.code = code;
  e.detail_en = std::move(en);
  e.detail_de = std::move(de);
  return e;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Metrics metrics;
  std::unique_ptr<SearcherPool> pool;
  std::unique_ptr<ResultCache> result_cache;  // before api, which uses it
  std::unique_ptr<ApiHandlers> api;
  // The newest revision's search snapshot, built by the writer's after-commit hook (WarmUp) and
  // held until the next, so that the searchers find it built. Before `writer`: the writer's
  // publisher thread calls the hook until the writer is destroyed.
  std::mutex warm_mu;
  std::shared_ptr<const ranking::IndexSnapshot> warm;  // guarded by warm_mu
  void WarmUp();
  // Writes (only when a write key is configured): the writer holds DIR/LOCK for the server's run.
  std::unique_ptr<indexer::LiveWriter> writer;
  std::unique_ptr<WriteHandlers> writes;
  std::unique_ptr<AccessLog> access_log;
  Router router;
  std::unique_ptr<HttpListener> listener;
  // Declared last, destroyed first: its threads finish before the listener they answer goes.
  std::unique_ptr<WorkQueue> work;

  void AddRoutes();
  void OnRequest(HttpRequest req, std::function<void(HttpResponse)> done);
  HttpResponse OnReject(RejectReason reason, const HttpRequest& req);
  // The body limit of a request: max_upload_bytes for an upload route, else max_body_bytes.
  size_t BodyLimit(std::string_view method, std::string_view target) const;
  HttpResponse Unrouted(const HttpRequest& req, const RouteMatch& m);
  // 401 or 403 when the route's access needs a key the request does not bring; else nullopt.
  std::optional<HttpResponse> Authorize(const HttpRequest& req, const Route& route) const;
  // CORS, compression, metrics and the access log: every answer passes here once.
  HttpResponse Finish(const HttpRequest& req, HttpResponse res);
  void AddCors(const HttpRequest& req, HttpResponse& res) const;
  bool OriginAllowed(const std::string& origin) const;
};

void HttpServer::Impl::AddRoutes() {
  auto bind = [this](HttpResponse (ApiHandlers::*fn)(const HttpRequest&, const PathParams&)) {
    return [this, fn](const HttpRequest& req, const PathParams& p) {
      return (api.get()->*fn)(req, p);
    };
  };
  router.Add({"GET", "/healthz", true, false,
              [](const HttpRequest&, const PathParams&) {
                HttpResponse res;
                res.content_type = kJsonType;
                res.body = R"({"status":"ok"})";
                return res;
              },
              Route::Access::kPublic});
  router.Add({"GET", "/readyz", false, false, bind(&ApiHandlers::Ready), Route::Access::kPublic});
  router.Add({"GET", "/metrics", true, false,
              [this](const HttpRequest&, const PathParams&) {
                MetricsSnapshot now;
                now.open_connections = listener->open_connections();
                now.accepted_connections = listener->accepted_connections();
                now.documents = api->documents();
                now.generation = api->generation();
                now.workers = work->threads();
                if (writer) now.writer = writer->Stats();
                now.snapshots = ranking::IndexSnapshot::GetStats();
                if (result_cache) now.result_cache = result_cache->GetStats();
                HttpResponse res;
                res.content_type = "text/plain; version=0.0.4; charset=utf-8";
                res.body = metrics.Render(now);
                return res;
              },
              Route::Access::kPublic});
  router.Add({"GET", "/openapi.json", true, false,
              [](const HttpRequest&, const PathParams&) {
                HttpResponse res;
                res.content_type = kJsonType;
                res.body = std::string(OpenApiDocument());
                return res;
              },
              Route::Access::kPublic});
  router.Add({"GET", "/v1/search", false, false, bind(&ApiHandlers::Search)});
  router.Add({"POST", "/v1/search", false, true, bind(&ApiHandlers::Search)});
  router.Add({"GET", "/v1/suggest", false, false, bind(&ApiHandlers::Suggest)});
  router.Add({"GET", "/v1/initiatives/{id}", false, false, bind(&ApiHandlers::Initiative)});
  router.Add({"GET", "/v1/initiatives/{id}/similar", false, false, bind(&ApiHandlers::Similar)});
  auto write = [this](HttpResponse (WriteHandlers::*fn)(const HttpRequest&, const PathParams&)) {
    return [this, fn](const HttpRequest& req, const PathParams& p) {
      if (!writes) {
        return Problem(
            req,
            FromStatus(UnavailableError("this server takes no writes: start it with a write key")));
      }
      return (writes.get()->*fn)(req, p);
    };
  };
  router.Add({"PUT", "/v1/initiatives/{id}", false, true, write(&WriteHandlers::Put),
              Route::Access::kWrite});
  router.Add({"PATCH", "/v1/initiatives/{id}", false, true, write(&WriteHandlers::Patch),
              Route::Access::kWrite});
  router.Add({"DELETE", "/v1/initiatives/{id}", false, false, write(&WriteHandlers::Delete),
              Route::Access::kWrite});
  router.Add({"POST", "/v1/initiatives/bulk", false, false, write(&WriteHandlers::Bulk),
              Route::Access::kWrite, /*upload=*/true});
  router.Add({"PUT", "/v1/initiatives", false, false, write(&WriteHandlers::Rebuild),
              Route::Access::kWrite, /*upload=*/true});
  router.Add({"POST", "/v1/recommendations", false, true, bind(&ApiHandlers::Recommend)});
}

bool HttpServer::Impl::OriginAllowed(const std::string& origin) const {
  if (origin.empty()) return false;
  return std::any_of(options.cors_origins.begin(), options.cors_origins.end(),
                     [&](const std::string& o) { return o == "*" || o == origin; });
}

void HttpServer::Impl::AddCors(const HttpRequest& req, HttpResponse& res) const {
  if (options.cors_origins.empty()) return;
  res.headers.emplace_back("Vary", "Origin");
  const std::string origin = req.Header("Origin");
  if (!OriginAllowed(origin)) return;
  res.headers.emplace_back("Access-Control-Allow-Origin", origin);
  // ETag: a page on another origin must read it to send If-Match with its next write.
  res.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After, ETag, Location");
}

HttpResponse HttpServer::Impl::Unrouted(const HttpRequest& req, const RouteMatch& m) {
  if (m.allowed.empty()) {
    ApiError e = Simple(ApiErrorCode::kNotFound, "no such endpoint: " + req.path,
                        "diesen Endpunkt gibt es nicht: " + req.path);
    return Problem(req, e);
  }
  const std::string allow = Join(m.allowed, ", ");
  if (req.method == "OPTIONS") {
    HttpResponse res;
    res.status = 204;
    res.headers.emplace_back("Allow", allow);
    // A CORS preflight from an allowed origin: which methods and headers it may use.
    if (OriginAllowed(req.Header("Origin")) &&
        !req.Header("Access-Control-Request-Method").empty()) {
      res.headers.emplace_back("Access-Control-Allow-Methods", allow);
      res.headers.emplace_back("Access-Control-Allow-Headers",
                               "Content-Type, Accept, Accept-Language, Authorization, If-Match");
      res.headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return res;
  }
  HttpResponse res = Problem(
      req, Simple(ApiErrorCode::kMethodNotAllowed,
                  req.method + " is not allowed on " + req.path + "; allowed: " + allow,
                  req.method + " ist auf " + req.path + " nicht erlaubt; erlaubt: " + allow));
  res.headers.emplace_back("Allow", allow);
  return res;
}

std::optional<HttpResponse> HttpServer::Impl::Authorize(const HttpRequest& req,
                                                        const Route& route) const {
  if (route.access == Route::Access::kPublic) return std::nullopt;
  if (route.access == Route::Access::kRead && !options.require_read_key) return std::nullopt;
  const Scope needed = route.access == Route::Access::kWrite ? Scope::kWrite : Scope::kRead;
  const ApiKeys::Verdict v = options.keys.Check(req.Header("Authorization"), needed);
  const bool write = needed == Scope::kWrite;
  ApiError e;
  switch (v.outcome) {
    case ApiKeys::Outcome::kAllowed:
      return std::nullopt;
    case ApiKeys::Outcome::kMissing:
      e = Simple(ApiErrorCode::kUnauthorized,
                 std::string("this request needs an API key that may ") +
                     (write ? "write" : "read") + ": send the header Authorization: Bearer <key>",
                 std::string("diese Anfrage braucht einen API-Schlüssel mit ") +
                     (write ? "Schreibrecht" : "Leserecht") +
                     ": bitte den Header Authorization: Bearer <Schlüssel> senden");
      break;
    case ApiKeys::Outcome::kUnknown:
      e = Simple(ApiErrorCode::kUnauthorized, "the API key is not known to this server",
                 "dieser API-Schlüssel ist dem Server nicht bekannt");
      break;
    case ApiKeys::Outcome::kWrongScope:
      e = Simple(ApiErrorCode::kForbidden,
                 "the API key \"" + v.name + "\" may only read; this request needs a write key",
                 "der API-Schlüssel „" + v.name +
                     "“ darf nur lesen; diese Anfrage braucht einen Schlüssel mit Schreibrecht");
      break;
  }
  HttpResponse res = Problem(req, e);
  if (e.code == ApiErrorCode::kUnauthorized) {
    res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"hilfsnetz\"");
  }
  return res;
}

size_t HttpServer::Impl::BodyLimit(std::string_view method, std::string_view target) const {
  const RouteMatch m = router.Match(method, target.substr(0, target.find('?')));
  return m.route != nullptr && m.route->upload ? options.max_upload_bytes : options.max_body_bytes;
}

HttpResponse HttpServer::Impl::OnReject(RejectReason reason, const HttpRequest& req) {
  const std::string kib = std::to_string(BodyLimit(req.method, req.target) / 1024);
  ApiError e;
  switch (reason) {
    case RejectReason::kMalformed:
      e = InvalidParameter(
          "", "malformed HTTP request (framing, Content-Length or Transfer-Encoding)",
          "fehlerhafte HTTP-Anfrage (Aufbau, Content-Length oder Transfer-Encoding)");
      break;
    case RejectReason::kTargetTooLong:
      e = Simple(ApiErrorCode::kUriTooLong,
                 "the request line is longer than 8 KiB; q may be at most 500 characters",
                 "die Anfragezeile ist länger als 8 KiB; q darf höchstens 500 Zeichen haben");
      e.parameter = "q";
      break;
    case RejectReason::kHeadersTooLarge:
      e = Simple(ApiErrorCode::kHeadersTooLarge,
                 "the request's header fields are too many or too large",
                 "die Header-Felder der Anfrage sind zu viele oder zu groß");
      break;
    case RejectReason::kBodyTooLarge:
      e = Simple(ApiErrorCode::kPayloadTooLarge,
                 "the request body is larger than " + kib + " KiB (after decoding)",
                 "der Anfrageinhalt ist größer als " + kib + " KiB (nach dem Dekodieren)");
      break;
    case RejectReason::kUnsupportedCoding:
      e = Simple(ApiErrorCode::kUnsupportedMediaType,
                 "Content-Encoding \"" + req.Header("Content-Encoding") +
                     "\" is not supported; use gzip, deflate or none",
                 "Content-Encoding „" + req.Header("Content-Encoding") +
                     "“ wird nicht unterstützt; bitte gzip, deflate oder keine");
      break;
    case RejectReason::kCorruptCoding:
      e = InvalidBody(
          {{"", "the body does not decode as its Content-Encoding says",
            "der Inhalt lässt sich nicht wie im Content-Encoding angegeben dekodieren"}});
      break;
  }
  HttpResponse res = Problem(req, e);
  res.route = "rejected";
  return Finish(req, std::move(res));
}

HttpResponse HttpServer::Impl::Finish(const HttpRequest& req, HttpResponse res) {
  AddCors(req, res);
  const size_t plain_bytes = res.body.size();
  if (!res.encoded && plain_bytes >= kGzipMinBytes) {
    res.headers.emplace_back("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.Header("Accept-Encoding"))) {
      std::string zipped = GzipCompress(res.body);
      if (!zipped.empty()) {
        res.body = std::move(zipped);
        res.headers.emplace_back("Content-Encoding", "gzip");
      }
    }
  }
  const double seconds =
      req.received == std::chrono::steady_clock::time_point{}
          ? 0.0
          : std::chrono::duration<double>(std::chrono::steady_clock::now() - req.received).count();
  metrics.ObserveRequest(res.route, req.method, res.status, seconds, plain_bytes);
  if (access_log) access_log->Write(req, res, seconds, res.body.size());
  return res;
}

void HttpServer::Impl::OnRequest(HttpRequest req, std::function<void(HttpResponse)> done) {
  // The page's files are not API routes (not in api/openapi.json): answered inline, in memory.
  if (options.serve_page) {
    if (std::optional<HttpResponse> page = StaticSite::Embedded().Serve(req)) {
      return done(Finish(req, std::move(*page)));
    }
  }
  const RouteMatch m = router.Match(req.method, req.path);
  if (!m.route) {
    HttpResponse res = Unrouted(req, m);
    res.route = "unmatched";
    return done(Finish(req, std::move(res)));
  }
  const Route& route = *m.route;
  if (std::optional<HttpResponse> denied = Authorize(req, route)) {
    denied->route = route.pattern;
    return done(Finish(req, std::move(*denied)));
  }
  auto run = [this, &route](const HttpRequest& r, const PathParams& p) {
    HttpResponse res;
    try {
      res = route.handle(r, p);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "handler error on %s: %s\n", r.path.c_str(), ex.what());
      res = Problem(r, FromStatus(InternalError("unexpected error")));
    }
    res.route = route.pattern;
    return Finish(r, std::move(res));
  };
  if (route.json_body && !IsJson(req.Header("Content-Type"))) {
    const std::string got =
        req.Header("Content-Type").empty() ? "none" : req.Header("Content-Type");
    HttpResponse res = Problem(
        req, Simple(ApiErrorCode::kUnsupportedMediaType,
                    "the body must be JSON (Content-Type: application/json), not " + got,
                    "der Inhalt muss JSON sein (Content-Type: application/json), nicht " + got));
    res.route = route.pattern;
    return done(Finish(req, std::move(res)));
  }
  if (route.inline_ok) return done(run(req, m.path_params));
  ++metrics.in_flight;
  auto shared = std::make_shared<HttpRequest>(std::move(req));
  const bool accepted = work->TryPost([this, shared, params = m.path_params, run, done] {
    HttpResponse res;
    const auto waited = std::chrono::steady_clock::now() - shared->received;
    if (options.request_timeout_ms > 0 &&
        waited >= std::chrono::milliseconds(options.request_timeout_ms)) {
      metrics.CountShed("deadline");
      ApiError e =
          Simple(ApiErrorCode::kDeadlineExceeded, "the request waited too long for a worker",
                 "die Anfrage hat zu lange auf einen freien Platz gewartet");
      e.retry_after_s = 1;
      res = Problem(*shared, e);
      res.route = "shed";
      res = Finish(*shared, std::move(res));
    } else {
      res = run(*shared, params);
    }
    --metrics.in_flight;
    done(std::move(res));
  });
  if (!accepted) {
    --metrics.in_flight;
    metrics.CountShed("overloaded");
    HttpResponse res = Problem(*shared, FromStatus(ResourceExhaustedError("every worker is busy")));
    res.route = route.pattern;
    done(Finish(*shared, std::move(res)));
  }
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

void HttpServer::Impl::WarmUp() {
  Result<std::string> path = layout::CurrentGenerationPath(options.index_dir);
  if (!path.ok()) return;
  std::shared_ptr<const ranking::IndexSnapshot> built;
  // A failure (a revision discarded meanwhile) leaves the build to the searchers, as before.
  (void)GuardXapian("warming the search snapshot", [&]() -> Status {
    Xapian::Database db(*path);
    Result<std::shared_ptr<const ranking::IndexSnapshot>> s =
        ranking::IndexSnapshot::For(*path, db);
    if (s.ok()) built = *s;
    return Status::Ok();
  });
  if (!built) return;
  std::lock_guard<std::mutex> lock(warm_mu);
  warm = std::move(built);
}

std::vector<std::pair<std::string, std::string>> HttpServer::RouteTable() {
  Impl impl;
  impl.AddRoutes();
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : impl.router.routes()) out.emplace_back(r.method, r.pattern);
  return out;
}

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.serve_page) (void)StaticSite::Embedded();  // compress the page's files now
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
  if (!options.access_log.empty()) {
    auto log = AccessLog::Open(options.access_log, options.log_queries);
    if (!log.ok()) return log.status();
    impl->access_log = std::move(*log);
  }
  ranking::SearcherOptions searcher_options;
  searcher_options.reco_weights = options.reco_weights;
  searcher_options.suggest_count_budget =
      std::chrono::microseconds(static_cast<int64_t>(options.suggest_budget_ms * 1000));
  const int threads = std::max(1, options.threads);
  auto pool = SearcherPool::Open(options.index_dir, threads,
                                 std::chrono::milliseconds(options.max_wait_ms), searcher_options);
  if (!pool.ok()) return pool.status();
  impl->pool = std::move(*pool);
  const bool takes_writes =
      std::any_of(options.keys.keys().begin(), options.keys.keys().end(),
                  [](const ApiKeys::Key& k) { return k.scope == Scope::kWrite; });
  if (!takes_writes) {
    // Writes a crashed writer acknowledged are applied by the next writer, not by this server.
    auto gen = layout::CurrentGenerationPath(options.index_dir);
    if (gen.ok()) {
      if (const uint64_t bytes = indexer::WriteLog::PendingBytes(*gen); bytes > 0) {
        std::fprintf(stderr,
                     "hilfsnetz: warning: %s holds %llu bytes of acknowledged writes in its "
                     "write log that are not in the index yet; a server with a write key (or "
                     "`hilfsnetz index --mode upsert`) applies them when it opens the index. "
                     "This server, without write keys, serves the index without them.\n",
                     gen->c_str(), static_cast<unsigned long long>(bytes));
      }
    }
  }
  if (takes_writes) {
    indexer::WriterOptions writer_options;
    writer_options.refresh_interval = std::chrono::milliseconds(options.refresh_interval_ms);
    writer_options.after_commit = [raw = impl.get()] { raw->WarmUp(); };
    auto writer = indexer::LiveWriter::Open(options.index_dir, writer_options);
    if (!writer.ok()) return writer.status();
    if (const uint64_t n = (*writer)->replayed(); n > 0) {
      std::fprintf(stderr, "hilfsnetz: replayed %llu acknowledged writes from the write log\n",
                   static_cast<unsigned long long>(n));
    }
    impl->writer = std::move(*writer);
    impl->writes = std::make_unique<WriteHandlers>(*impl->writer);
  }
  if (options.result_cache_bytes > 0) {
    impl->result_cache = std::make_unique<ResultCache>(options.result_cache_bytes);
  }
  impl->api = std::make_unique<ApiHandlers>(*impl->pool, impl->metrics,
                                            std::chrono::milliseconds(options.request_timeout_ms),
                                            impl->writer.get(), impl->result_cache.get());
  (void)impl->api->Ready(HttpRequest{}, {});  // the generation for /metrics before any request
  impl->AddRoutes();

  ListenerOptions lo;
  lo.host = options.host;
  lo.port = options.port;
  lo.io_threads = std::max(1, options.io_threads);
  lo.max_connections = options.max_connections;
  lo.max_body_bytes = options.max_body_bytes;
  lo.idle_timeout = std::chrono::milliseconds(options.keep_alive_timeout_ms);
  lo.drain_timeout = std::chrono::milliseconds(std::max(options.request_timeout_ms, 1000) + 1000);
  Impl* raw = impl.get();
  lo.body_limit = [raw](std::string_view method, std::string_view target) {
    return raw->BodyLimit(method, target);
  };
  auto listener = HttpListener::Create(
      lo,
      [raw](HttpRequest req, std::function<void(HttpResponse)> done) {
        raw->OnRequest(std::move(req), std::move(done));
      },
      [raw](RejectReason reason, const HttpRequest& req) { return raw->OnReject(reason, req); });
  if (!listener.ok()) return listener.status();
  impl->listener = std::move(*listener);
  impl->work = std::make_unique<WorkQueue>(static_cast<size_t>(threads),
                                           static_cast<size_t>(std::max(0, options.max_queued)));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->listener->port(); }

Status HttpServer::Run() {
  impl_->listener->Run();
  return Status::Ok();
}

void HttpServer::Stop() { impl_->listener->Stop(); }

}  // namespace hilfsnetz::server
