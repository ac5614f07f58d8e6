#include "server/write_handlers.h"

#include <cctype>
#include <chrono>
#include <istream>
#include <streambuf>

#include <nlohmann/json.hpp>

#include "server/api_error.h"

namespace hilfsnetz::server {
namespace {

std::string Trim(std::string s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// `refresh`: absent or "false" (the write is visible to searches within the writer's refresh
// interval), "wait" or "true" (answered once searches see it); anything else, or another
// parameter, is a 400. Sets *wait.
std::optional<ApiError> CheckRefresh(const HttpRequest& req, bool* wait = nullptr) {
  if (wait) *wait = false;
  for (const auto& [name, value] : req.params) {
    if (name == "refresh" && value != "wait" && value != "true" && value != "false") {
      ApiError e = InvalidParameter(
          "refresh",
          "refresh must be wait, true (answer once searches see the write) or false, not \"" +
              value + "\"",
          "refresh muss wait, true (Antwort erst, wenn Suchen die Änderung sehen) oder false "
          "sein, nicht „" +
              value + "“");
      e.valid_values = {"wait", "true", "false"};
      return e;
    }
    if (name != "refresh") {
      ApiError e =
          InvalidParameter(name, "unknown parameter " + name + "; this route takes refresh",
                           "unbekannter Parameter " + name + "; diese Route kennt refresh");
      e.valid_values = {"refresh"};
      return e;
    }
    if (wait) *wait = value != "false";
  }
  return std::nullopt;
}

// How long `?refresh=wait` waits for the commit at most. It only runs out when commits keep
// failing (a full disk); the write is durable in the log either way and answered as written.
constexpr std::chrono::seconds kVisibilityWait{10};

ApiError FromWriteError(const indexer::WriteError& w) {
  if (w.status.code() == StatusCode::kInvalidArgument && !w.fields.empty()) {
    std::vector<ApiError::FieldProblem> problems;
    for (const schemas::FieldError& f : w.fields) problems.push_back({f.field, f.en, f.de});
    return InvalidBody(std::move(problems));
  }
  ApiError e = FromStatus(w.status);
  if (!w.de.empty()) e.detail_de = w.de;
  if (w.retry_after_s > 0) e.retry_after_s = w.retry_after_s;
  return e;
}

// `visible`: for ?refresh=wait, whether searches see the write (false: it is durable, but
// its commit failed, e.g. on a full disk; it is applied once commits work again).
HttpResponse Written(const indexer::WriteResult& r, int status,
                     std::optional<bool> visible = std::nullopt) {
  HttpResponse res;
  res.status = status;
  res.content_type = kJsonType;
  res.body = "{\"version\":\"" + r.version + "\",";
  if (visible) res.body += std::string("\"visible\":") + (*visible ? "true" : "false") + ",";
  res.body += "\"initiative\":" + r.json + "}";
  res.headers.emplace_back("ETag", "\"" + r.version + "\"");
  return res;
}

ApiError WeakTag() {
  ApiError e = FromStatus(FailedPreconditionError(
      "If-Match: a weak tag (W/\"…\") never matches; send the ETag as the record's GET gave it"));
  e.detail_de =
      "If-Match: ein schwaches Tag (W/\"…\") passt nie; bitte das ETag senden, das GET "
      "für die Initiative geliefert hat";
  return e;
}

}  // namespace

std::optional<std::string> IfMatchVersion(const HttpRequest& req) {
  std::string v = Trim(req.Header("If-Match"));
  if (v.rfind("W/", 0) == 0) return std::nullopt;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

HttpResponse WriteHandlers::Put(const HttpRequest& req, const PathParams& path) {
  bool wait = false;
  if (auto e = CheckRefresh(req, &wait)) return Problem(req, *e);
  const std::optional<std::string> if_match = IfMatchVersion(req);
  if (!if_match) return Problem(req, WeakTag());
  auto r = writer_.Put(path.at(0), req.body, *if_match);
  if (!r.ok()) return Problem(req, FromWriteError(r.error));
  std::optional<bool> visible;
  if (wait) visible = writer_.WaitVisible(r.value->seq, kVisibilityWait);
  HttpResponse res = Written(*r.value, r.value->created ? 201 : 200, visible);
  if (r.value->created) res.headers.emplace_back("Location", "/v1/initiatives/" + path.at(0));
  return res;
}

HttpResponse WriteHandlers::Patch(const HttpRequest& req, const PathParams& path) {
  bool wait = false;
  if (auto e = CheckRefresh(req, &wait)) return Problem(req, *e);
  const std::string type = req.Header("Content-Type");
  if (type.substr(0, type.find(';')) != kMergePatchType) {
    ApiError e;
    e.code = ApiErrorCode::kUnsupportedMediaType;
    e.detail_en =
        "PATCH takes a JSON Merge Patch (Content-Type: application/merge-patch+json), "
        "not " +
        (type.empty() ? std::string("none") : type);
    e.detail_de =
        "PATCH nimmt einen JSON Merge Patch (Content-Type: "
        "application/merge-patch+json), nicht " +
        (type.empty() ? std::string("keinen") : type);
    return Problem(req, e);
  }
  const std::optional<std::string> if_match = IfMatchVersion(req);
  if (!if_match) return Problem(req, WeakTag());
  auto r = writer_.Patch(path.at(0), req.body, *if_match);
  if (!r.ok()) return Problem(req, FromWriteError(r.error));
  std::optional<bool> visible;
  if (wait) visible = writer_.WaitVisible(r.value->seq, kVisibilityWait);
  return Written(*r.value, 200, visible);
}

namespace {

// The media type without parameters, lower case.
std::string MediaType(const HttpRequest& req) {
  const std::string header = req.Header("Content-Type");
  std::string type = Trim(header.substr(0, header.find(';')));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

// A bulk or collection body: NDJSON, and no If-Match (it is about one record).
std::optional<ApiError> CheckNdjson(const HttpRequest& req) {
  const std::string type = MediaType(req);
  if (type != kNdjsonType) {
    ApiError e;
    e.code = ApiErrorCode::kUnsupportedMediaType;
    e.detail_en = "the body is NDJSON (Content-Type: application/x-ndjson), not " +
                  (type.empty() ? std::string("none") : type);
    e.detail_de = "der Inhalt ist NDJSON (Content-Type: application/x-ndjson), nicht " +
                  (type.empty() ? std::string("keiner") : type);
    return e;
  }
  if (!req.Header("If-Match").empty()) {
    return InvalidParameter("If-Match",
                            "a bulk write or rebuild takes no If-Match; write one record with PUT "
                            "or PATCH to make it conditional",
                            "ein Bulk-Auftrag oder Neuaufbau nimmt kein If-Match; für eine "
                            "bedingte Änderung einen Datensatz mit PUT oder PATCH schreiben");
  }
  return std::nullopt;
}

// Reads a string in place (the request body: a rebuild's input can be large).
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(const std::string& s) {
    char* p = const_cast<char*>(s.data());  // NOLINT: read only (no put area)
    setg(p, p, p + s.size());
  }
};

nlohmann::json LineErrors(const std::vector<indexer::RejectedLine>& rejected) {
  nlohmann::json out = nlohmann::json::array();
  for (const indexer::RejectedLine& r : rejected) {
    out.push_back({{"line", r.line},
                   {"field", r.error.field},
                   {"detail", r.error.en},
                   {"detail_de", r.error.de}});
  }
  return out;
}

}  // namespace

HttpResponse WriteHandlers::Rebuild(const HttpRequest& req, const PathParams&) {
  if (auto e = CheckRefresh(req)) return Problem(req, *e);
  if (auto e = CheckNdjson(req)) return Problem(req, *e);
  ViewBuffer buffer(req.body);
  std::istream input(&buffer);
  indexer::BuildOptions options;
  options.publish_empty = false;
  auto r = writer_.Rebuild(input, options);
  if (!r.ok()) return Problem(req, FromWriteError(r.error));
  if (r.value->generation.empty()) {
    std::vector<ApiError::FieldProblem> problems;
    for (const indexer::RejectedLine& l : r.value->rejected) {
      if (problems.size() == 100) break;
      const std::string at = "line " + std::to_string(l.line) + ": ";
      problems.push_back(
          {l.error.field, at + l.error.en, "Zeile " + std::to_string(l.line) + ": " + l.error.de});
    }
    if (problems.empty()) {
      problems.push_back({"", "the body holds no record; the index stays as it was",
                          "der Inhalt enthält keinen Datensatz; der Index bleibt, wie er war"});
    }
    return Problem(req, InvalidBody(std::move(problems)));
  }
  nlohmann::json body = {{"generation", r.value->generation},
                         {"lines", r.value->lines},
                         {"indexed", r.value->indexed},
                         {"rejected", r.value->rejected.size()},
                         {"errors", LineErrors(r.value->rejected)},
                         {"seconds", r.value->seconds}};
  HttpResponse res;
  res.content_type = kJsonType;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

HttpResponse WriteHandlers::Bulk(const HttpRequest& req, const PathParams&) {
  if (auto e = CheckRefresh(req)) return Problem(req, *e);
  if (auto e = CheckNdjson(req)) return Problem(req, *e);
  auto r = writer_.Bulk(req.body);
  if (!r.ok()) return Problem(req, FromWriteError(r.error));
  static constexpr const char* kResult[] = {"added", "replaced", "deleted", "not_found",
                                            "rejected"};
  nlohmann::json items = nlohmann::json::array();
  for (const indexer::BulkLine& l : r.value->lines) {
    nlohmann::json item = {{"line", l.line}, {"result", kResult[static_cast<int>(l.result)]}};
    if (!l.id.empty()) item["id"] = l.id;
    if (!l.version.empty()) item["version"] = l.version;
    if (!l.errors.empty()) {
      item["errors"] = nlohmann::json::array();
      for (const schemas::FieldError& e : l.errors) {
        item["errors"].push_back({{"field", e.field}, {"detail", e.en}, {"detail_de", e.de}});
      }
    }
    items.push_back(std::move(item));
  }
  const indexer::BulkReport& b = *r.value;
  nlohmann::json body = {{"added", b.added},       {"replaced", b.replaced},
                         {"deleted", b.deleted},   {"not_found", b.not_found},
                         {"rejected", b.rejected}, {"items", std::move(items)}};
  HttpResponse res;
  res.content_type = kJsonType;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

HttpResponse WriteHandlers::Delete(const HttpRequest& req, const PathParams& path) {
  bool wait = false;
  if (auto e = CheckRefresh(req, &wait)) return Problem(req, *e);
  const std::optional<std::string> if_match = IfMatchVersion(req);
  if (!if_match) return Problem(req, WeakTag());
  auto r = writer_.Delete(path.at(0), *if_match);
  if (!r.ok()) return Problem(req, FromWriteError(r.error));
  if (wait) writer_.WaitVisible(r.value->seq, kVisibilityWait);
  HttpResponse res;
  res.status = 204;
  return res;
}

}  // namespace hilfsnetz::server
