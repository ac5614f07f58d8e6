// Router: the API's route table — method and path template ("/v1/initiatives/{id}") to a
// handler — and what a path that matches no route, or not with this method, means (404, or 405
// with the methods that path allows). The same table answers OPTIONS and is what the OpenAPI
// test compares with api/openapi.json, so a route cannot be served without being described.
//
// Thread-safety: Add before serving; Match is const and thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_message.h"

namespace hilfsnetz::server {

struct Route {
  std::string method;   // GET, POST, …; a GET route also answers HEAD
  std::string pattern;  // path template, "{name}" matching one non-empty segment
  // Runs on an I/O thread (cheap, no searcher: /healthz, /metrics) rather than a worker.
  bool inline_ok = false;
  // Takes a JSON body: other Content-Types are refused with 415.
  bool json_body = false;
  std::function<HttpResponse(const HttpRequest&, const std::vector<std::string>& path_params)>
      handle;
  // Who may call it: kPublic always anyone (health, metrics, the API description); kRead
  // anyone unless the server requires a read key; kWrite only with a write key.
  enum class Access { kPublic, kRead, kWrite };
  Access access = Access::kRead;
  // Takes an upload (bulk, rebuild): its body may be up to max_upload_bytes, not max_body_bytes.
  bool upload = false;
};

struct RouteMatch {
  const Route* route = nullptr;          // null: no route for this method and path
  std::vector<std::string> path_params;  // the {…} segments, in order
  std::vector<std::string> allowed;  // the path's methods (for 405 / OPTIONS); empty: no such path
};

class Router {
 public:
  void Add(Route route);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace hilfsnetz::server
