#include "indexer/upsert_file.h"

#include <chrono>
#include <utility>

#include "indexer/live_writer.h"

namespace hilfsnetz::indexer {
namespace {

// Applies one chunk of the file's records (as bulk upserts numbered by their file line).
Status ApplyChunk(LiveWriter& writer, std::vector<schemas::BulkOp> chunk, UpsertReport& report) {
  WriteOutcome<BulkReport> r = writer.ApplyBulk(std::move(chunk));
  if (!r.ok()) return r.error.status;
  for (const BulkLine& l : r.value->lines) {
    for (schemas::FieldError e : l.errors) {
      // The bulk names a record's fields "upsert.…"; a file's lines are the records themselves.
      if (e.field.rfind("upsert.", 0) == 0) e.field.erase(0, 7);
      if (e.field == "upsert") e.field.clear();
      report.rejected.push_back({l.line, std::move(e)});
    }
  }
  report.added += r.value->added;
  report.replaced += r.value->replaced;
  return Status::Ok();
}

}  // namespace

Result<UpsertReport> UpsertFromJsonl(std::istream& input, const std::string& index_dir) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<LiveWriter>> writer = LiveWriter::Open(index_dir);
  if (!writer.ok()) {
    if (writer.status().code() == StatusCode::kNotFound) {
      return NotFoundError("there is no index in " + index_dir +
                           " to upsert into; build one first (--mode replace)");
    }
    return writer.status();
  }
  UpsertReport report;
  report.generation = (*writer)->generation();
  std::vector<schemas::BulkOp> chunk;
  std::string line;
  while (std::getline(input, line)) {
    ++report.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    schemas::BulkOp op;
    op.line = report.lines;
    op.kind = schemas::BulkOp::Kind::kUpsert;
    op.record = std::move(line);
    chunk.push_back(std::move(op));
    if (chunk.size() == kMaxBulkLines) {
      if (Status s = ApplyChunk(**writer, std::move(chunk), report); !s.ok()) return s;
      chunk.clear();
    }
  }
  if (input.bad()) return InternalError("reading the input failed");
  if (!chunk.empty()) {
    if (Status s = ApplyChunk(**writer, std::move(chunk), report); !s.ok()) return s;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace hilfsnetz::indexer
