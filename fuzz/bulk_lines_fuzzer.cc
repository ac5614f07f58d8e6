// Fuzzes the reader of POST /v1/initiatives/bulk bodies (schemas/codec/write_codec.h): the
// input is an NDJSON body.
//
// Properties: SplitBulkLines never crashes; its lines are numbered from 1, strictly
// increasing and at most the body's line count, and none is blank or holds a "\n".
// ParseBulkLine never crashes or throws: a rejected line has well-formed errors of field ""
// or "delete" (fuzz/field_errors.h); a delete names a non-empty id; an upsert's record is JSON
// that ParseInitiative either refuses with a well-formed error list or accepts with the id
// the line named.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz/field_errors.h"
#include "schemas/codec/initiative_codec.h"
#include "schemas/codec/write_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  using schemas::BulkOp;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const std::vector<schemas::BulkLineText> lines = schemas::SplitBulkLines(body);
  const uint64_t line_count = static_cast<uint64_t>(std::count(body.begin(), body.end(), '\n')) + 1;
  uint64_t previous = 0;
  for (const schemas::BulkLineText& line : lines) {
    if (line.line <= previous || line.line > line_count) {
      fuzz::Fail("lines numbered from 1, increasing, within the body");
    }
    previous = line.line;
    // "\n" ends a line; the "\r" of a CRLF is dropped (one, as the indexer drops it: further
    // "\r" are JSON whitespace).
    if (line.text.find('\n') != std::string_view::npos) fuzz::Fail("a line holds no \\n");
    if (line.text.find_first_not_of(" \t") == std::string_view::npos) fuzz::Fail("no blank line");

    const BulkOp op = schemas::ParseBulkLine(line);
    if (op.line != line.line) fuzz::Fail("an op keeps its line number");
    switch (op.kind) {
      case BulkOp::Kind::kRejected:
        for (const schemas::FieldError& e : op.errors) {
          if (!e.field.empty() && e.field != "delete")
            fuzz::Fail("line errors name \"\" or delete");
        }
        fuzz::CheckFieldErrors(line.text, op.errors);
        break;
      case BulkOp::Kind::kDelete:
        if (op.id.empty() || !op.errors.empty()) fuzz::Fail("a delete names an id");
        break;
      case BulkOp::Kind::kUpsert: {
        if (!op.errors.empty()) fuzz::Fail("an upsert has no line errors");
        if (!nlohmann::json::accept(op.record)) fuzz::Fail("an upsert's record is JSON");
        const schemas::ParsedInitiative record = schemas::ParseInitiative(op.record);
        if (!record.ok()) {
          fuzz::CheckFieldErrors(op.record, record.errors);
        } else if (record.initiative.id != op.id) {
          fuzz::Fail("an accepted upsert has the id the line named");
        }
        break;
      }
    }
  }
  return 0;
}
