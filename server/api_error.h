// ApiError: an RFC 9457 problem (application/problem+json), the only shape in which the HTTP
// layer reports errors. Built from a row of error_codes.def plus detail in English and German,
// the parameter or field it concerns and, where it helps, the valid values.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace hilfsnetz::server {

enum class ApiErrorCode {
#define X(name, http, slug, en, de) k##name,
#include "server/error_codes.def"
#undef X
};

struct ApiError {
  ApiErrorCode code = ApiErrorCode::kInternal;
  std::string detail_en;
  std::string detail_de;
  std::string parameter;                  // query parameter or body field; "" when none
  std::vector<std::string> valid_values;  // optional
  int retry_after_s = 0;                  // > 0: sent as Retry-After
  struct FieldProblem {
    std::string field, en, de;
  };
  std::vector<FieldProblem> errors;  // every problem of a request body, as "errors"

  int HttpStatus() const;
  // The problem+json body.
  std::string ToJson(const std::string& instance) const;
};

ApiError InvalidParameter(std::string parameter, std::string en, std::string de,
                          std::vector<std::string> valid = {});

// A request body with field errors: 400, "parameter" = the first field, all in "errors".
ApiError InvalidBody(std::vector<ApiError::FieldProblem> problems);

// The one mapping from engine StatusCode to API errors (messages are English from the
// engine; the German detail says the same in general words).
ApiError FromStatus(const Status& status);

}  // namespace hilfsnetz::server
