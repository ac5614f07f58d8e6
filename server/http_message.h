// HttpRequest / HttpResponse: what the connection layer (http_listener.h) hands to the API
// (http_server.cc) and takes back — plain values, no library types, so that the handlers,
// the router and their tests do not depend on how bytes reach the socket.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hilfsnetz::server {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;                              // as sent: "GET", "POST", …
  std::string path;                                // percent-decoded, without the query string
  std::string target;                              // as sent (path and query), for the access log
  std::multimap<std::string, std::string> params;  // the query string, decoded ('+' is a space)
  HeaderMap headers;
  std::string body;  // decoded: chunked framing and Content-Encoding removed, within the limit
  std::chrono::steady_clock::time_point received;  // when its header was complete

  // The first value of header `name`, or "" when absent.
  std::string Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/-Length
  std::string route;   // the route that answered ("/v1/search", "unmatched"), for metrics and logs
  bool close = false;  // close the connection after this response
  // The body is already content-coded (or must stay as it is) and the handler set Vary and
  // Content-Encoding itself: the server does not compress it again (static_site.h).
  bool encoded = false;
};

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); a malformed escape is kept
// as it is, like browsers do.
std::string PercentDecode(std::string_view s, bool plus_is_space);

// The parameters of a query string ("a=1&b=x+y&c"; "c" has an empty value).
std::multimap<std::string, std::string> ParseQueryString(std::string_view query);

}  // namespace hilfsnetz::server
