#include "indexer/index_builder.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>

#include <xapian.h>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "embed/vector_codec.h"
#include "indexer/build_lock.h"
#include "indexer/document_builder.h"
#include "indexer/embedding_stage.h"
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

// Removes what no reader needs: generations newer than `previous` (the one CURRENT named when
// this build took the lock) other than `keep` were never published — a build killed or
// failed before its rename of CURRENT — and go; of `previous` and older, the newest
// `keep_old` stay (for readers still on them and for rolling back). Run under the BuildLock,
// so no other build is writing any of them.
void RemoveOldGenerations(const std::string& dir, const std::string& keep,
                          const std::string& previous, int keep_old) {
  std::set<std::string> published;
  std::vector<std::string> never_published;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("gen-", 0) != 0 || name == keep) continue;
    if (!previous.empty() && name <= previous) {
      published.insert(name);
    } else {
      never_published.push_back(name);
    }
  }
  for (const std::string& g : never_published) fs::remove_all(fs::path(dir) / g, ec);
  int to_remove = static_cast<int>(published.size()) - keep_old;
  for (const std::string& g : published) {
    if (to_remove-- <= 0) break;
    fs::remove_all(fs::path(dir) / g, ec);
  }
}

// Phase 1: parse every line; the later of two records with the same id wins.
Status ParseLines(std::istream& input, const BuildOptions& options, BuildReport& report,
                  std::vector<PendingRecord>& records) {
  std::map<std::string, size_t> slot_of_id;
  std::string line;
  uint64_t parsed_ok = 0;
  while (std::getline(input, line)) {
    ++report.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) {
      schemas::ParsedInitiative parsed = schemas::ParseInitiative(line);
      if (!parsed.ok()) {
        for (schemas::FieldError& e : parsed.errors) report.rejected.push_back({report.lines, e});
      } else {
        FillLanguage(parsed.initiative);
        ++parsed_ok;
        auto [it, inserted] = slot_of_id.emplace(parsed.initiative.id, records.size());
        if (inserted) {
          records.push_back({report.lines, std::move(parsed.initiative), {}});
        } else {
          PendingRecord& old = records[it->second];
          const std::string n = std::to_string(report.lines);
          report.rejected.push_back({old.line,
                                     {"id", "replaced by line " + n + " with the same id",
                                      "ersetzt durch Zeile " + n + " mit derselben id"}});
          old = {report.lines, std::move(parsed.initiative), {}};
        }
      }
    }
    if (options.progress && report.lines % options.progress_every == 0) {
      options.progress(report.lines, parsed_ok);
    }
  }
  if (input.bad()) return InternalError("reading the input failed");
  return Status::Ok();
}

// Records analysed per block of the write phase.
constexpr size_t kBuildBlock = 256;

// The documents of records [from, to), with their vectors.
std::vector<BuiltDocument> BuildBlock(const std::vector<PendingRecord>& records, size_t from,
                                      size_t to, const DocumentOptions& options) {
  std::vector<BuiltDocument> out;
  out.reserve(to - from);
  for (size_t i = from; i < to; ++i) {
    const PendingRecord& p = records[i];
    BuiltDocument built = BuildDocument(p.record, options);
    if (!p.vector.empty()) {
      built.document.add_value(layout::kSlotEmbedding, embed::SerializeVector(p.vector));
    }
    out.push_back(std::move(built));
  }
  return out;
}

// Phase 3: write the documents (with their vectors) and the embedder. The next block of
// records is analysed on another thread while this one gives the block before to Xapian: each
// is about half of the phase (perf), and the documents go in in the same order as before, so
// the index is the same.
void WriteRecords(const std::vector<PendingRecord>& records, const EmbeddingResult& embedding,
                  Xapian::WritableDatabase& db, const DocumentOptions& options,
                  BuildReport& report) {
  auto build = [&](size_t from) {
    return std::async(std::launch::async, BuildBlock, std::cref(records), from,
                      std::min(records.size(), from + kBuildBlock), std::cref(options));
  };
  std::future<std::vector<BuiltDocument>> next;
  if (!records.empty()) next = build(0);
  for (size_t from = 0; from < records.size(); from += kBuildBlock) {
    std::vector<BuiltDocument> block = next.get();  // rethrows what the builder threw
    if (from + kBuildBlock < records.size()) next = build(from + kBuildBlock);
    for (BuiltDocument& built : block) {
      db.replace_document(built.id_term, built.document);
      for (const std::string& w : built.spelling_words) db.add_spelling(w);
      if (++report.indexed % kBatch == 0) db.commit();
    }
  }
  if (!embedding.kind.empty()) {
    db.set_metadata(std::string(layout::kMetaEmbeddingKind), embedding.kind);
    db.set_metadata(std::string(layout::kMetaEmbeddingDims), std::to_string(embedding.dimensions));
  }
}

Status SaveEmbedder(const EmbeddingResult& embedding, const std::string& gen_path) {
  if (!embedding.embedder) return Status::Ok();
  const std::string path = gen_path + "/" + std::string(layout::kEmbedderFile);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const std::string bytes = embedding.embedder->Serialize();
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return InternalError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

Result<BuildReport> BuildIndex(std::istream& input, const std::string& index_dir,
                               const BuildOptions& options) {
  std::error_code ec;
  fs::create_directories(index_dir, ec);
  if (ec) return InternalError("cannot create index directory " + index_dir + ": " + ec.message());

  // Held until the end: the generation's name, its database, CURRENT and the clean-up belong
  // to this build alone.
  Result<BuildLock> lock = BuildLock::Acquire(index_dir);
  if (!lock.ok()) return lock.status();
  return BuildIndexLocked(input, index_dir, options, *lock);
}

Result<BuildReport> BuildIndexLocked(std::istream& input, const std::string& index_dir,
                                     const BuildOptions& options, const BuildLock& /*held*/) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  Result<std::string> previous = layout::ReadCurrent(index_dir);
  if (!previous.ok() && previous.status().code() != StatusCode::kNotFound) return previous.status();

  BuildReport report;
  report.generation = layout::NextGenerationName(index_dir);
  const std::string gen_path = (fs::path(index_dir) / report.generation).string();
  Status s = GuardXapian("building " + gen_path, [&]() -> Status {
    std::vector<PendingRecord> records;
    Status st = ParseLines(input, options, report, records);
    if (!st.ok()) return st;
    if (records.empty() && !options.publish_empty) return Status::Ok();
    const EmbeddingResult embedding = AssignEmbeddings(records, report.rejected);
    // DB_CREATE: a name past every generation present is new; never open another's database.
    Xapian::WritableDatabase db(gen_path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    WriteRecords(records, embedding, db, options.document, report);
    WriteMetadata(db);
    db.commit();
    db.close();
    return SaveEmbedder(embedding, gen_path);
  });
  if (!s.ok()) {
    fs::remove_all(gen_path, ec);  // never leave a half-built generation behind
    return s;
  }
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const RejectedLine& a, const RejectedLine& b) { return a.line < b.line; });
  if (report.indexed == 0 && !options.publish_empty) {
    report.generation.clear();  // nothing was created
    return report;
  }
  Status pub = layout::PublishGeneration(index_dir, report.generation);
  if (!pub.ok()) return pub;
  RemoveOldGenerations(index_dir, report.generation, previous.ok() ? *previous : std::string(),
                       options.keep_old_generations);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace hilfsnetz::indexer
