// Fuzzes the JSON body of POST /v1/search (server/search_body.h) with the input as the body.
//
// Properties: ParseSearchBody never crashes or throws; an error is a 400 whose problem+json is
// valid UTF-8; an accepted request is canonical: written back as a body, and as URL
// parameters, it parses to the same request (the two forms take the same fields).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/search_request_text.h"
#include "server/search_body.h"
#include "server/search_params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  auto parsed = server::ParseSearchBody(std::string(reinterpret_cast<const char*>(data), size));
  if (const auto* e = std::get_if<server::ApiError>(&parsed)) {
    fuzz::CheckError(*e);
    return 0;
  }
  const auto& req = std::get<ranking::SearchRequest>(parsed);
  auto again = server::ParseSearchBody(fuzz::ToBody(req));
  const auto* same = std::get_if<ranking::SearchRequest>(&again);
  if (!same || !fuzz::SameRequest(req, *same)) fuzz::Fail("parse(write(body)) == request");
  auto from_params = server::ParseSearchParams(fuzz::ToParams(req));
  const auto* as_params = std::get_if<ranking::SearchRequest>(&from_params);
  if (!as_params || !fuzz::SameRequest(req, *as_params)) {
    fuzz::Fail("the body's request written as URL parameters is the same request");
  }
  return 0;
}
