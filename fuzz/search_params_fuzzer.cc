// Fuzzes the URL parameters of GET /v1/search and GET /v1/suggest (server/search_params.h).
//
// The input is read as a query string: '&' separates parameters, the first '=' a key from its
// value, and %XX and '+' are decoded as the HTTP layer decodes them, so any byte can reach the
// parsers. Properties: the parsers never crash or throw; an error is a 400 whose problem+json
// is valid UTF-8; a request they accept is canonical, i.e. writing it back as parameters (and,
// for search, as a POST body) and parsing that again gives the same request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/search_request_text.h"
#include "server/search_body.h"
#include "server/search_params.h"

namespace hilfsnetz::fuzz {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 &&
               HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

server::Params SplitQuery(std::string_view query) {
  server::Params params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    params.emplace(Decode(key), Decode(value));
  }
  return params;
}

void CheckSearch(const server::Params& params) {
  auto parsed = server::ParseSearchParams(params);
  if (const auto* e = std::get_if<server::ApiError>(&parsed)) return CheckError(*e);
  const auto& req = std::get<ranking::SearchRequest>(parsed);
  auto again = server::ParseSearchParams(ToParams(req));
  const auto* same = std::get_if<ranking::SearchRequest>(&again);
  if (!same || !SameRequest(req, *same)) Fail("search: parse(write(request)) == request");
  auto body = server::ParseSearchBody(ToBody(req));
  const auto* from_body = std::get_if<ranking::SearchRequest>(&body);
  if (!from_body || !SameRequest(req, *from_body)) Fail("search: the POST body says the same");
}

void CheckSuggest(const server::Params& params) {
  auto parsed = server::ParseSuggestParams(params);
  if (const auto* e = std::get_if<server::ApiError>(&parsed)) return CheckError(*e);
  const auto& req = std::get<ranking::SuggestRequest>(parsed);
  auto again = server::ParseSuggestParams(ToParams(req));
  const auto* same = std::get_if<ranking::SuggestRequest>(&again);
  if (!same || !SameRequest(req, *same)) Fail("suggest: parse(write(request)) == request");
}

}  // namespace
}  // namespace hilfsnetz::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz::fuzz;  // NOLINT: the harness entry point
  const auto params = SplitQuery(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckSearch(params);
  CheckSuggest(params);
  return 0;
}
