#include "server/router.h"

#include <algorithm>

namespace hilfsnetz::server {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>* params) {
  if (path.empty() || path[0] != '/') return false;
  const std::vector<std::string_view> want = Segments(pattern), got = Segments(path);
  if (want.size() != got.size()) return false;
  std::vector<std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() >= 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (got[i].empty()) return false;
      found.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  if (params) *params = std::move(found);
  return true;
}

// A literal segment beats a parameter: of the patterns that match a path, only those with the
// most literal segments count ("/v1/initiatives/bulk" is not the initiative "bulk").
int Literals(std::string_view pattern) {
  int n = 0;
  for (std::string_view seg : Segments(pattern)) n += seg.empty() || seg.front() != '{';
  return n;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  int best = -1;
  for (const Route& r : routes_) {
    if (MatchPattern(r.pattern, path, nullptr)) best = std::max(best, Literals(r.pattern));
  }
  for (const Route& r : routes_) {
    std::vector<std::string> params;
    if (Literals(r.pattern) != best || !MatchPattern(r.pattern, path, &params)) continue;
    m.allowed.push_back(r.method);
    if (r.method == "GET") m.allowed.push_back("HEAD");
    if (!m.route && (r.method == method || (method == "HEAD" && r.method == "GET"))) {
      m.route = &r;
      m.path_params = std::move(params);
    }
  }
  if (!m.allowed.empty()) m.allowed.push_back("OPTIONS");
  std::sort(m.allowed.begin(), m.allowed.end());
  m.allowed.erase(std::unique(m.allowed.begin(), m.allowed.end()), m.allowed.end());
  return m;
}

}  // namespace hilfsnetz::server
