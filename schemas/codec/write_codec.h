// The JSON of the write protocol (docs/writing.md) that is not a record itself: a PUT body
// that leaves out its id, a JSON Merge Patch (RFC 7396) applied to a stored record, and the
// lines of an NDJSON bulk body. Text in, text out, as the record codecs; the records these
// produce are then checked whole by ParseInitiative (initiative_codec.h).
//
// Every input is read by the codec's one JSON reader: invalid UTF-8, nesting deeper than 16
// levels and invalid JSON are errors with field "" (so a hostile patch or line cannot make
// the recursive merge or serialiser overflow the stack). Never throws. Thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schemas/initiative.h"

namespace hilfsnetz::schemas {

// `json` (an object) with each (field, string value) of `defaults` set where it lacks the
// field, in one parse; `json` unchanged when it is not an object (the codec reports that).
// A write fills in the URL's id and the time of the write (updated_at) this way.
std::string WithDefaults(
    std::string_view json,
    std::initializer_list<std::pair<std::string_view, std::string_view>> defaults);

// The time `unix_seconds` as RFC 3339 in UTC, e.g. "2026-12-06T13:35:12Z": what a write
// stamps into `updated_at`.
std::string Rfc3339Utc(int64_t unix_seconds);

// A merge patch: a JSON object of the fields to change (null removes a field).
struct MergePatch {
  std::string text;                 // the patch, re-serialised (when error is empty)
  std::optional<FieldError> error;  // field "": not JSON, too deep, not an object
  bool ok() const { return !error.has_value(); }
};
MergePatch ParseMergePatch(std::string_view patch);

// The record (canonical JSON of a stored record, an object) with `patch` (a parsed
// MergePatch) merged in as RFC 7396 says: objects merge key by key, null removes, anything
// else replaces. Idempotent: merging the same patch into the result changes nothing.
std::string ApplyMergePatch(std::string_view record, const MergePatch& patch);

// One non-blank line of a bulk body, with its 1-based number.
struct BulkLineText {
  uint64_t line = 0;
  std::string_view text;  // without the line end ("\n", "\r\n")
};
// The non-blank lines of an NDJSON body. A body of only blank lines has none.
std::vector<BulkLineText> SplitBulkLines(std::string_view ndjson);

// What one bulk line asks for: {"upsert": {record}} or {"delete": "id"}.
struct BulkOp {
  enum class Kind { kUpsert, kDelete, kRejected };
  uint64_t line = 0;
  Kind kind = Kind::kRejected;
  std::string id;      // kDelete: the id; kUpsert: the record's "id" when it is a string
  std::string record;  // kUpsert: the record's JSON (not yet validated)
  std::vector<FieldError> errors;  // kRejected: field "" (the line) or "delete"
};
BulkOp ParseBulkLine(const BulkLineText& line);

}  // namespace hilfsnetz::schemas
