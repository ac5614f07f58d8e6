// Parses the JSON body of POST /v1/search into a typed ranking::SearchRequest. The body is an
// object with the same fields as GET /v1/search's URL parameters and the same rules (see
// search_params.h); it exists for query vectors too long for a URL:
//
//   {"q": "laptops", "district": ["Neukölln", "Mitte"], "per_page": 5, "vector": [0.1, …]}
//
// A field's value is a string, a number, or an array of them (repeatable filters, facets);
// `vector` is an array of numbers; null means absent. An empty body searches with defaults.
// Errors: the first problem as an ApiError naming the field.
#pragma once

#include <string>
#include <variant>

#include "ranking/search_request.h"
#include "server/api_error.h"

namespace hilfsnetz::server {

std::variant<ranking::SearchRequest, ApiError> ParseSearchBody(const std::string& body);

}  // namespace hilfsnetz::server
