// The API's OpenAPI 3.1 description, api/openapi.json, compiled into the binary (served at
// GET /openapi.json; embedded by hn_embed_files in server/CMakeLists.txt).
#pragma once

#include <string_view>

namespace hilfsnetz::server::embedded {

extern const std::string_view kOpenApiJson;

}  // namespace hilfsnetz::server::embedded

namespace hilfsnetz::server {

inline std::string_view OpenApiDocument() { return embedded::kOpenApiJson; }

}  // namespace hilfsnetz::server
