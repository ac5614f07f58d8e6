#include "indexer/index_builder.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include <xapian.h>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "indexer/build_lock.h"
#include "indexer/document_builder.h"
#include "indexer/embedding_stage.h"
#include "indexer/record_spool.h"
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

// What phase 1 leaves: the accepted records in memory, or, past max_records_in_memory, in a
// spool with the line and vector dimension of each id's last record (the one indexed).
struct Accepted {
  struct Final {
    uint64_t line = 0;
    size_t dims = 0;  // of its provided embedding, 0 without one
  };
  std::vector<PendingRecord> records;
  std::unique_ptr<RecordSpool> spool;
  std::unordered_map<std::string, Final> final_of_id;  // with a spool only
  std::vector<uint64_t> final_lines;                   // their lines, sorted (by ParseLines)

  bool IsFinal(uint64_t line) const {
    return std::binary_search(final_lines.begin(), final_lines.end(), line);
  }
};

RejectedLine Replaced(uint64_t old_line, uint64_t new_line) {
  const std::string n = std::to_string(new_line);
  return {old_line,
          {"id", "replaced by line " + n + " with the same id",
           "ersetzt durch Zeile " + n + " mit derselben id"}};
}

Status AppendToSpool(Accepted& acc, BuildReport& report, uint64_t line,
                     const schemas::Initiative& record) {
  const Accepted::Final f{line, record.embedding.size()};
  auto [it, inserted] = acc.final_of_id.try_emplace(record.id, f);
  if (!inserted) {
    report.rejected.push_back(Replaced(it->second.line, line));
    it->second = f;
  }
  return acc.spool->Append(line, record);
}

// The records so far go to a new spool, and every later one after them.
Status StartSpool(const std::string& index_dir, Accepted& acc, BuildReport& report) {
  Result<std::unique_ptr<RecordSpool>> spool = RecordSpool::Create(index_dir);
  if (!spool.ok()) return spool.status();
  acc.spool = std::move(*spool);
  for (const PendingRecord& p : acc.records) {
    if (Status s = AppendToSpool(acc, report, p.line, p.record); !s.ok()) return s;
  }
  std::vector<PendingRecord>().swap(acc.records);
  return Status::Ok();
}

// Phase 1: parse every line; the later of two records with the same id wins.
Status ParseLines(std::istream& input, const std::string& index_dir, const BuildOptions& options,
                  BuildReport& report, Accepted& acc) {
  std::map<std::string, size_t> slot_of_id;
  std::vector<PendingRecord>& records = acc.records;
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
        if (!acc.spool && records.size() >= options.max_records_in_memory &&
            !slot_of_id.contains(parsed.initiative.id)) {
          if (Status s = StartSpool(index_dir, acc, report); !s.ok()) return s;
          std::map<std::string, size_t>().swap(slot_of_id);
        }
        if (acc.spool) {
          Status s = AppendToSpool(acc, report, report.lines, parsed.initiative);
          if (!s.ok()) return s;
        } else if (auto [it, inserted] = slot_of_id.emplace(parsed.initiative.id, records.size());
                   inserted) {
          records.push_back({report.lines, std::move(parsed.initiative), {}});
        } else {
          PendingRecord& old = records[it->second];
          report.rejected.push_back(Replaced(old.line, report.lines));
          old = {report.lines, std::move(parsed.initiative), {}};
        }
      }
    }
    if (options.progress && report.lines % options.progress_every == 0) {
      options.progress(report.lines, parsed_ok);
    }
  }
  if (input.bad()) return InternalError("reading the input failed");
  if (!acc.spool) return Status::Ok();
  acc.final_lines.reserve(acc.final_of_id.size());
  for (const auto& [id, f] : acc.final_of_id) acc.final_lines.push_back(f.line);
  std::sort(acc.final_lines.begin(), acc.final_lines.end());
  return acc.spool->Finish();
}

void WriteEmbeddingMetadata(const EmbeddingResult& embedding, Xapian::WritableDatabase& db) {
  if (embedding.kind.empty()) return;
  db.set_metadata(std::string(layout::kMetaEmbeddingKind), embedding.kind);
  db.set_metadata(std::string(layout::kMetaEmbeddingDims), std::to_string(embedding.dimensions));
}

// Records analysed per block of the write phase.
constexpr size_t kBuildBlock = 256;

// Gives a block's documents to Xapian, committing every kBatch documents of the build. Each id
// comes once (phase 1 keeps the last record of an id), so add_document gives the docid that
// replace_document(id_term) would, without looking the id up (~8% of Xapian's time).
void AddDocuments(std::vector<BuiltDocument>& block, Xapian::WritableDatabase& db,
                  BuildReport& report) {
  for (BuiltDocument& built : block) {
    db.add_document(built.document);
    for (const std::string& w : built.spelling_words) db.add_spelling(w);
    if (++report.indexed % kBatch == 0) db.commit();
  }
}

// The documents of records [from, to), with their vectors.
std::vector<BuiltDocument> BuildBlock(const std::vector<PendingRecord>& records, size_t from,
                                      size_t to, const DocumentOptions& options) {
  std::vector<BuiltDocument> out;
  out.reserve(to - from);
  for (size_t i = from; i < to; ++i) {
    const PendingRecord& p = records[i];
    out.push_back(BuildDocumentWithVector(p.record, AnalyseRecord(p.record), p.vector, options));
  }
  return out;
}

// Phase 3: write the documents (with their vectors). The next block of
// records is analysed on another thread while this one gives the block before to Xapian: each
// is about half of the phase (perf), and the documents go in in the same order as before, so
// the index is the same.
void WriteRecords(const std::vector<PendingRecord>& records, Xapian::WritableDatabase& db,
                  const DocumentOptions& options, BuildReport& report) {
  auto build = [&](size_t from) {
    return std::async(std::launch::async, BuildBlock, std::cref(records), from,
                      std::min(records.size(), from + kBuildBlock), std::cref(options));
  };
  std::future<std::vector<BuiltDocument>> next;
  if (!records.empty()) next = build(0);
  for (size_t from = 0; from < records.size(); from += kBuildBlock) {
    std::vector<BuiltDocument> block = next.get();  // rethrows what the builder threw
    if (from + kBuildBlock < records.size()) next = build(from + kBuildBlock);
    AddDocuments(block, db, report);
  }
}

// The scratch databases of a sharded write: DIR/build-shard-<i>.tmp (like the spool, under
// DIR/LOCK, so one left behind is a killed build's).
constexpr std::string_view kShardPrefix = "build-shard-";

std::string ShardPath(const std::string& index_dir, size_t i) {
  return (fs::path(index_dir) / (std::string(kShardPrefix) + std::to_string(i) + ".tmp")).string();
}

void RemoveShards(const std::string& index_dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(index_dir, ec)) {
    if (e.path().filename().string().rfind(kShardPrefix, 0) == 0) fs::remove_all(e.path(), ec);
  }
}

// How many writers phase 3 uses (BuildOptions::write_threads): one for a spooled build.
size_t ShardCount(const Accepted& acc, const BuildOptions& options) {
  if (acc.spool) return 1;
  const size_t threads = options.write_threads > 0
                             ? static_cast<size_t>(options.write_threads)
                             : std::max(1u, std::thread::hardware_concurrency());
  const size_t by_size = acc.records.size() / std::max<size_t>(1, options.min_records_per_shard);
  return std::max<size_t>(1, std::min(threads, by_size));
}

// Records [from, to) analysed and written by one thread into a new database at `path`.
uint64_t WriteShard(const std::vector<PendingRecord>& records, size_t from, size_t to,
                    const std::string& path, const DocumentOptions& options) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  BuildReport written;
  for (size_t begin = from; begin < to; begin += kBuildBlock) {
    std::vector<BuiltDocument> block =
        BuildBlock(records, begin, std::min(to, begin + kBuildBlock), options);
    AddDocuments(block, db, written);
  }
  db.commit();
  return written.indexed;
}

// Phase 3 with `shards` writers: each writes a contiguous run of the records into a scratch
// database, and Xapian's compaction merges them into gen_path in order, renumbering the docids
// of each run after those of the runs before it: the docids, terms, positions, values, data and
// spellings of one writer's build (tests/indexer/parallel_build_test.cc), in tables compacted
// as xapian-compact leaves them. The scratch databases are removed whatever happens.
void WriteRecordsSharded(const std::vector<PendingRecord>& records, size_t shards,
                         const std::string& index_dir, const std::string& gen_path,
                         const DocumentOptions& options, BuildReport& report) {
  struct Cleanup {
    const std::string& dir;
    ~Cleanup() { RemoveShards(dir); }
  } cleanup{index_dir};
  const size_t step = (records.size() + shards - 1) / shards;
  std::vector<std::string> paths;
  std::vector<std::future<uint64_t>> written;
  for (size_t from = 0; from < records.size(); from += step) {
    paths.push_back(ShardPath(index_dir, paths.size()));
    written.push_back(std::async(std::launch::async, WriteShard, std::cref(records), from,
                                 std::min(records.size(), from + step), paths.back(),
                                 std::cref(options)));
  }
  // get() rethrows what a writer threw; the other writers' futures wait for them on the way out.
  for (std::future<uint64_t>& w : written) report.indexed += w.get();
  Xapian::Database runs;
  for (const std::string& path : paths) runs.add_database(Xapian::Database(path));
  runs.compact(gen_path);
}

// The embedding of a spooled build: provided vectors when any final record brings one (of the
// dimension most of them have; ties: the one of the earliest line), else an embedder trained
// on every k-th final record, at most max_records_in_memory of them. No vectors when the
// training fails (as AssignEmbeddings).
Result<EmbeddingResult> SpooledEmbedding(Accepted& acc, const BuildOptions& options,
                                         BuildReport& report) {
  std::map<size_t, std::pair<size_t, uint64_t>> by_dims;  // dims -> (records, earliest line)
  for (const auto& [id, f] : acc.final_of_id) {
    if (f.dims == 0) continue;
    auto [it, inserted] = by_dims.try_emplace(f.dims, 0, f.line);
    ++it->second.first;
    it->second.second = std::min(it->second.second, f.line);
  }
  if (!by_dims.empty()) {
    auto best = by_dims.begin();
    for (auto it = by_dims.begin(); it != by_dims.end(); ++it) {
      if (it->second.first > best->second.first ||
          (it->second.first == best->second.first && it->second.second < best->second.second)) {
        best = it;
      }
    }
    return EmbeddingResult{"provided", static_cast<int>(best->first), std::nullopt};
  }
  const size_t n = acc.final_of_id.size();
  const size_t cap = std::max<size_t>(1, options.max_records_in_memory);
  const size_t stride = (n + cap - 1) / cap;
  std::vector<embed::EmbedInput> corpus;
  corpus.reserve(n / stride + 1);
  if (Status s = acc.spool->Rewind(); !s.ok()) return s;
  uint64_t line = 0;
  size_t ordinal = 0;
  schemas::Initiative record;
  while (acc.spool->Next(line)) {
    if (!acc.IsFinal(line) || ordinal++ % stride != 0) continue;
    if (!acc.spool->Read(record)) break;
    corpus.push_back(EmbedInputOf(record));
  }
  if (!acc.spool->status().ok()) return acc.spool->status();
  Result<embed::TrainResult> trained = embed::Embedder::Train(corpus, embed::EmbedderOptions{});
  if (!trained.ok()) return EmbeddingResult{};  // lexical search only
  report.trained_on = corpus.size();
  EmbeddingResult out{"trained", trained->embedder.dimensions(), std::nullopt};
  out.embedder.emplace(std::move(trained->embedder));
  return out;
}

// A block of a spooled build: its records' documents with their vectors (provided, or by the
// embedder), and the records rejected for their vector.
struct SpooledBlock {
  std::vector<BuiltDocument> documents;
  std::vector<RejectedLine> rejected;
};

SpooledBlock BuildSpooledBlock(std::vector<PendingRecord> records, const EmbeddingResult& embedding,
                               const DocumentOptions& options) {
  SpooledBlock out;
  out.documents.reserve(records.size());
  for (PendingRecord& p : records) {
    if (embedding.kind == "provided") {
      const auto dims = static_cast<size_t>(embedding.dimensions);
      if (std::optional<schemas::FieldError> e = ProvidedVector(p.record, dims, p.vector)) {
        out.rejected.push_back({p.line, std::move(*e)});
        continue;
      }
    }
    // Each field analysed once, for the vector and for the document.
    const RecordAnalysis analysis = AnalyseRecord(p.record);
    if (embedding.embedder) p.vector = embedding.embedder->Embed(EmbedFieldsOf(analysis));
    out.documents.push_back(BuildDocumentWithVector(p.record, analysis, p.vector, options));
  }
  return out;
}

// Phase 3 of a spooled build: the final records, read back in blocks; the next block is
// embedded and analysed on another thread while this one gives the block before to Xapian.
Status WriteSpooled(Accepted& acc, const EmbeddingResult& embedding, Xapian::WritableDatabase& db,
                    const DocumentOptions& options, BuildReport& report) {
  if (Status s = acc.spool->Rewind(); !s.ok()) return s;
  auto read_block = [&] {
    std::vector<PendingRecord> block;
    uint64_t line = 0;
    schemas::Initiative record;
    while (block.size() < kBuildBlock && acc.spool->Next(line)) {
      if (!acc.IsFinal(line)) continue;
      if (!acc.spool->Read(record)) break;
      block.push_back({line, std::move(record), {}});
    }
    return block;
  };
  auto build = [&](std::vector<PendingRecord> block) {
    return std::async(std::launch::async, BuildSpooledBlock, std::move(block), std::cref(embedding),
                      std::cref(options));
  };
  std::vector<PendingRecord> first = read_block();
  bool more = !first.empty();
  std::future<SpooledBlock> next = build(std::move(first));
  while (more) {
    SpooledBlock block = next.get();  // rethrows what the builder threw
    std::vector<PendingRecord> following = read_block();
    more = !following.empty();
    if (more) next = build(std::move(following));
    for (RejectedLine& r : block.rejected) report.rejected.push_back(std::move(r));
    AddDocuments(block.documents, db, report);
  }
  if (!acc.spool->status().ok()) return acc.spool->status();
  WriteEmbeddingMetadata(embedding, db);
  return Status::Ok();
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

  // A spool or shards a killed build left behind: no other build is running (the lock), so
  // they are stale.
  fs::remove(fs::path(index_dir) / kSpoolFile, ec);
  RemoveShards(index_dir);

  BuildReport report;
  report.generation = layout::NextGenerationName(index_dir);
  const std::string gen_path = (fs::path(index_dir) / report.generation).string();
  Status s = GuardXapian("building " + gen_path, [&]() -> Status {
    Accepted acc;
    Status st = ParseLines(input, index_dir, options, report, acc);
    if (!st.ok()) return st;
    if (!acc.spool && acc.records.empty() && !options.publish_empty) return Status::Ok();
    EmbeddingResult embedding;
    if (acc.spool) {
      Result<EmbeddingResult> e = SpooledEmbedding(acc, options, report);
      if (!e.ok()) return e.status();
      embedding = std::move(*e);
    } else {
      embedding = AssignEmbeddings(acc.records, report.rejected);
      if (embedding.embedder) report.trained_on = acc.records.size();
    }
    const size_t shards = ShardCount(acc, options);
    if (shards > 1) {
      WriteRecordsSharded(acc.records, shards, index_dir, gen_path, options.document, report);
    }
    // DB_CREATE: a name past every generation present is new; never open another's database
    // (with shards, the compaction has just created it).
    Xapian::WritableDatabase db(
        gen_path, shards > 1 ? Xapian::DB_OPEN : Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    if (acc.spool) {
      if (Status w = WriteSpooled(acc, embedding, db, options.document, report); !w.ok()) return w;
    } else {
      if (shards <= 1) WriteRecords(acc.records, db, options.document, report);
      WriteEmbeddingMetadata(embedding, db);
    }
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
