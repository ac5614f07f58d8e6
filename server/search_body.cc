#include "server/search_body.h"

#include <nlohmann/json.hpp>

#include "server/search_params.h"

namespace hilfsnetz::server {
namespace {

using nlohmann::json;

ApiError FieldProblem(const std::string& field, std::string en, std::string de) {
  return InvalidBody({{field, std::move(en), std::move(de)}});
}

// The URL-parameter text of a scalar JSON value, or nullopt for other types.
std::optional<std::string> ScalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();  // shortest text that reads back as the same number
  return std::nullopt;
}

}  // namespace

std::variant<ranking::SearchRequest, ApiError> ParseSearchBody(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return ParseSearchParams({});
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return FieldProblem("", "the body is not valid JSON (or not valid UTF-8)",
                        "der Inhalt ist kein gültiges JSON (oder kein gültiges UTF-8)");
  }
  if (!doc.is_object()) {
    return FieldProblem("", "the body must be a JSON object of search parameters",
                        "der Inhalt muss ein JSON-Objekt mit Suchparametern sein");
  }
  Params params;
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    if (key == "vector") {
      if (!value.is_array()) {
        return FieldProblem("vector", "vector must be an array of numbers",
                            "vector muss ein Array von Zahlen sein");
      }
      std::string text;
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_number()) {
          const std::string n = std::to_string(i + 1);
          return FieldProblem("vector", "vector: value " + n + " is not a number",
                              "vector: Wert " + n + " ist keine Zahl");
        }
        if (i) text += ',';
        text += value[i].dump();
      }
      params.emplace(key, text);
      continue;
    }
    if (auto text = ScalarText(value)) {
      params.emplace(key, *text);
      continue;
    }
    bool ok = value.is_array();
    if (ok) {
      for (const json& item : value) {
        auto text = ScalarText(item);
        if (!text) {
          ok = false;
          break;
        }
        params.emplace(key, *text);
      }
    }
    if (!ok) {
      return FieldProblem(key, key + " must be a string, a number or an array of them",
                          key + " muss eine Zeichenkette, eine Zahl oder ein Array davon sein");
    }
  }
  return ParseSearchParams(params);
}

}  // namespace hilfsnetz::server
