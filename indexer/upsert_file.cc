#include "indexer/upsert_file.h"

#include <chrono>
#include <utility>

#include "indexer/live_writer.h"

namespace hilfsnetz::indexer {
namespace {

// Applies one chunk: `lines` are (file line number, record text).
Status ApplyChunk(LiveWriter& writer, const std::vector<std::pair<uint64_t, std::string>>& lines,
                  UpsertReport& report) {
  std::string ndjson;
  for (const auto& [no, text] : lines) ndjson += "{\"upsert\":" + text + "}\n";
  WriteOutcome<BulkReport> r = writer.Bulk(ndjson);
  if (!r.ok()) return r.error.status;
  for (const BulkLine& l : r.value->lines) {
    const uint64_t file_line = lines[l.line - 1].first;
    for (schemas::FieldError e : l.errors) {
      // The bulk's "upsert." prefix names the envelope this function added, not the file's.
      if (e.field.rfind("upsert.", 0) == 0) e.field.erase(0, 7);
      if (e.field == "upsert") e.field.clear();
      if (l.errors.size() == 1 && e.field.empty() && e.en == "not valid JSON") {
        e.en = "invalid JSON", e.de = "ungültiges JSON";
      }
      report.rejected.push_back({file_line, std::move(e)});
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
  std::vector<std::pair<uint64_t, std::string>> chunk;
  std::string line;
  while (std::getline(input, line)) {
    ++report.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    chunk.emplace_back(report.lines, std::move(line));
    if (chunk.size() == kMaxBulkLines) {
      if (Status s = ApplyChunk(**writer, chunk, report); !s.ok()) return s;
      chunk.clear();
    }
  }
  if (input.bad()) return InternalError("reading the input failed");
  if (!chunk.empty()) {
    if (Status s = ApplyChunk(**writer, chunk, report); !s.ok()) return s;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace hilfsnetz::indexer
