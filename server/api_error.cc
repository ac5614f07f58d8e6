#include "server/api_error.h"

#include <nlohmann/json.hpp>

namespace hilfsnetz::server {
namespace {

struct Row {
  int http;
  const char* slug;
  const char* title_en;
  const char* title_de;
};

const Row& RowOf(ApiErrorCode code) {
  static const Row kRows[] = {
#define X(name, http, slug, en, de) {http, slug, en, de},
#include "server/error_codes.def"
#undef X
  };
  return kRows[static_cast<int>(code)];
}

}  // namespace

int ApiError::HttpStatus() const { return RowOf(code).http; }

std::string ApiError::ToJson(const std::string& instance) const {
  const Row& row = RowOf(code);
  nlohmann::json j = {
      {"type", std::string("https://hilfsnetz.example.org/problems/") + row.slug},
      {"title", row.title_en},
      {"title_de", row.title_de},
      {"status", row.http},
      {"detail", detail_en},
      {"detail_de", detail_de},
      {"instance", instance},
  };
  if (!parameter.empty()) j["parameter"] = parameter;
  if (!valid_values.empty()) j["valid_values"] = valid_values;
  if (!errors.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const FieldProblem& p : errors) {
      list.push_back({{"field", p.field}, {"detail", p.en}, {"detail_de", p.de}});
    }
    j["errors"] = list;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ApiError InvalidParameter(std::string parameter, std::string en, std::string de,
                          std::vector<std::string> valid) {
  ApiError e;
  e.code = ApiErrorCode::kInvalidParameter;
  e.parameter = std::move(parameter);
  e.detail_en = std::move(en);
  e.detail_de = std::move(de);
  e.valid_values = std::move(valid);
  return e;
}

ApiError InvalidBody(std::vector<ApiError::FieldProblem> problems) {
  ApiError e;
  e.code = ApiErrorCode::kInvalidBody;
  if (!problems.empty()) {
    const auto& first = problems.front();
    e.parameter = first.field;
    e.detail_en = (first.field.empty() ? "" : first.field + ": ") + first.en;
    e.detail_de = (first.field.empty() ? "" : first.field + ": ") + first.de;
    if (problems.size() > 1) {
      e.detail_en += " (and " + std::to_string(problems.size() - 1) + " more, see errors)";
      e.detail_de += " (und " + std::to_string(problems.size() - 1) + " weitere, siehe errors)";
    }
  }
  e.errors = std::move(problems);
  return e;
}

ApiError FromStatus(const Status& status) {
  ApiError e;
  e.detail_en =
      status.field().empty() ? status.message() : status.field() + ": " + status.message();
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      e.code = ApiErrorCode::kInvalidParameter;
      e.detail_de = "Ungültige Anfrage: " + e.detail_en;
      e.parameter = status.field();
      break;
    case StatusCode::kNotFound:
      e.code = ApiErrorCode::kNotFound;
      e.detail_de = "Nicht gefunden: " + status.message();
      break;
    case StatusCode::kAlreadyExists:
      e.code = ApiErrorCode::kConflict;
      e.detail_de = "Existiert bereits: " + status.message();
      break;
    case StatusCode::kFailedPrecondition:
      e.code = ApiErrorCode::kPreconditionFailed;
      e.detail_de = "Vorbedingung nicht erfüllt: " + status.message();
      break;
    case StatusCode::kResourceExhausted:
      e.code = ApiErrorCode::kTooManyRequests;
      e.detail_de = "Zu viele gleichzeitige Anfragen; bitte gleich erneut versuchen.";
      e.retry_after_s = 1;
      break;
    case StatusCode::kUnavailable:
      e.code = ApiErrorCode::kUnavailable;
      e.detail_de = "Der Dienst ist gerade nicht verfügbar: " + status.message();
      e.retry_after_s = 1;
      break;
    default:
      e.code = ApiErrorCode::kInternal;
      e.detail_de = "Interner Fehler; bitte melden Sie ihn mit der Anfrage-URL.";
      break;
  }
  return e;
}

}  // namespace hilfsnetz::server
