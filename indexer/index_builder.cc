#include "indexer/index_builder.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include <xapian.h>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "indexer/document_builder.h"
#include "schemas/codec/initiative_codec.h"
#include "text/analyzer.h"

namespace hilfsnetz::indexer {
namespace fs = std::filesystem;
namespace {

// Documents per Xapian commit batch: bounds memory during a big build (Xapian flushes on
// commit) without paying a commit per record.
constexpr uint64_t kBatch = 20000;

void WriteMetadata(Xapian::WritableDatabase& db) {
  db.set_metadata(std::string(layout::kMetaAnalyzerVersion),
                  std::to_string(text::kAnalyzerVersion));
  db.set_metadata(std::string(layout::kMetaFormatVersion), std::to_string(layout::kFormatVersion));
  db.set_metadata(std::string(layout::kMetaBuiltAt),
                  std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count()));
}

// Removes generations other than `keep` and the newest `keep_old` before it.
void RemoveOldGenerations(const std::string& dir, const std::string& keep, int keep_old) {
  std::set<std::string> gens;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("gen-", 0) == 0 && name < keep) gens.insert(name);
  }
  int to_remove = static_cast<int>(gens.size()) - keep_old;
  for (const std::string& g : gens) {
    if (to_remove-- <= 0) break;
    fs::remove_all(fs::path(dir) / g, ec);
  }
}

Status IndexLines(std::istream& input, Xapian::WritableDatabase& db, const BuildOptions& options,
                  BuildReport& report) {
  std::map<std::string, uint64_t> line_of_id;
  std::string line;
  while (std::getline(input, line)) {
    ++report.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      if (options.progress && report.lines % options.progress_every == 0) {
        options.progress(report.lines, report.indexed);
      }
      continue;  // blank lines are allowed between records
    }
    schemas::ParsedInitiative parsed = schemas::ParseInitiative(line);
    if (!parsed.ok()) {
      for (schemas::FieldError& e : parsed.errors) report.rejected.push_back({report.lines, e});
    } else {
      schemas::Initiative& rec = parsed.initiative;
      FillLanguage(rec);
      BuiltDocument built = BuildDocument(rec);
      auto [it, inserted] = line_of_id.emplace(rec.id, report.lines);
      if (!inserted) {
        report.rejected.push_back(
            {it->second,
             {"id", "replaced by line " + std::to_string(report.lines) + " with the same id",
              "ersetzt durch Zeile " + std::to_string(report.lines) + " mit derselben id"}});
        it->second = report.lines;
        --report.indexed;
      }
      db.replace_document(built.id_term, built.document);
      for (const std::string& w : built.spelling_words) db.add_spelling(w);
      ++report.indexed;
      if (report.indexed % kBatch == 0) db.commit();
    }
    if (options.progress && report.lines % options.progress_every == 0) {
      options.progress(report.lines, report.indexed);
    }
  }
  if (input.bad()) return InternalError("reading the input failed");
  return Status::Ok();
}

}  // namespace

Result<BuildReport> BuildIndex(std::istream& input, const std::string& index_dir,
                               const BuildOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(index_dir, ec);
  if (ec) return InternalError("cannot create index directory " + index_dir + ": " + ec.message());

  BuildReport report;
  report.generation = layout::NextGenerationName(index_dir);
  const std::string gen_path = (fs::path(index_dir) / report.generation).string();
  Status s = GuardXapian("building " + gen_path, [&]() -> Status {
    Xapian::WritableDatabase db(gen_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Status st = IndexLines(input, db, options, report);
    if (!st.ok()) return st;
    WriteMetadata(db);
    db.commit();
    db.close();
    return Status::Ok();
  });
  if (!s.ok()) {
    fs::remove_all(gen_path, ec);  // never leave a half-built generation behind
    return s;
  }
  Status pub = layout::PublishGeneration(index_dir, report.generation);
  if (!pub.ok()) return pub;
  RemoveOldGenerations(index_dir, report.generation, options.keep_old_generations);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace hilfsnetz::indexer
