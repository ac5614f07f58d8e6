#include "schemas/codec/write_codec.h"

#include <ctime>

#include <utility>

#include <nlohmann/json.hpp>

#include "schemas/codec/json_reader.h"

namespace hilfsnetz::schemas {
namespace {

using codec_internal::Json;

// Compact JSON; invalid UTF-8 cannot occur (the reader checked it) but is replaced, not thrown.
std::string Dumped(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

FieldError LineError(std::string field, std::string en, std::string de) {
  return FieldError{std::move(field), std::move(en), std::move(de)};
}

}  // namespace

std::string WithDefaults(
    std::string_view json,
    std::initializer_list<std::pair<std::string_view, std::string_view>> defaults) {
  Json doc;
  std::vector<FieldError> errors;
  if (!codec_internal::ParseJsonObject(json, doc, errors)) return std::string(json);
  bool changed = false;
  for (const auto& [field, value] : defaults) {
    if (doc.contains(field)) continue;
    doc[std::string(field)] = std::string(value);
    changed = true;
  }
  return changed ? Dumped(doc) : std::string(json);
}

std::string Rfc3339Utc(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

MergePatch ParseMergePatch(std::string_view patch) {
  MergePatch out;
  Json doc;
  std::vector<FieldError> errors;
  if (!codec_internal::ParseJsonObject(patch, doc, errors)) {
    out.error = std::move(errors.front());
    if (out.error->en == codec_internal::NotAnObject().en) {
      out.error = LineError("", "a merge patch must be a JSON object of the fields to change",
                            "ein Merge-Patch muss ein JSON-Objekt der zu ändernden Felder sein");
    }
    return out;
  }
  out.text = Dumped(doc);
  return out;
}

std::string ApplyMergePatch(std::string_view record, const MergePatch& patch) {
  // Both sides come from this codec (a stored record's canonical JSON, a parsed patch), so
  // they parse; the depth limit of the reader bounds merge_patch's recursion.
  Json target = Json::parse(record, nullptr, /*allow_exceptions=*/false);
  const Json p = Json::parse(patch.text, nullptr, /*allow_exceptions=*/false);
  if (target.is_discarded() || p.is_discarded()) return std::string(record);
  target.merge_patch(p);
  return Dumped(target);
}

std::vector<BulkLineText> SplitBulkLines(std::string_view ndjson) {
  std::vector<BulkLineText> lines;
  uint64_t number = 0;
  while (!ndjson.empty()) {
    const size_t nl = ndjson.find('\n');
    std::string_view line = ndjson.substr(0, nl);
    ndjson = nl == std::string_view::npos ? std::string_view() : ndjson.substr(nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) lines.push_back({number, line});
  }
  return lines;
}

BulkOp ParseBulkLine(const BulkLineText& line) {
  BulkOp op;
  op.line = line.line;
  Json j;
  if (!codec_internal::ParseJsonObject(line.text, j, op.errors)) {
    if (op.errors.front().en == codec_internal::NotAnObject().en) {
      op.errors.clear();  // said better below
    } else {
      return op;
    }
  }
  const bool upsert = j.is_object() && j.size() == 1 && j.contains("upsert");
  const bool del = j.is_object() && j.size() == 1 && j.contains("delete");
  if (!upsert && !del) {
    op.errors.push_back(LineError("", "a line is {\"upsert\": {record}} or {\"delete\": \"id\"}",
                                  "eine Zeile ist {\"upsert\": {Datensatz}} oder "
                                  "{\"delete\": \"id\"}"));
  } else if (del) {
    const Json& id = j["delete"];
    if (!id.is_string() || id.get_ref<const std::string&>().empty()) {
      op.errors.push_back(LineError("delete", "must be the id of an initiative (a string)",
                                    "muss die id einer Initiative sein (eine Zeichenkette)"));
    } else {
      op.kind = BulkOp::Kind::kDelete;
      op.id = id.get<std::string>();
    }
  } else {
    const Json& rec = j["upsert"];
    if (rec.is_object() && rec.contains("id") && rec["id"].is_string()) {
      op.id = rec["id"].get<std::string>();
    }
    op.kind = BulkOp::Kind::kUpsert;
    op.record = Dumped(rec);
  }
  return op;
}

}  // namespace hilfsnetz::schemas
