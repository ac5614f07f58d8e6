#include "indexer/live_writer.h"

#include <openssl/sha.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <xapian.h>

#include "core/change_feed.h"
#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "embed/embedder.h"
#include "indexer/build_lock.h"
#include "indexer/document_builder.h"
#include "indexer/embedding_stage.h"
#include "indexer/index_builder.h"
#include "indexer/write_log.h"
#include "schemas/codec/initiative_codec.h"
#include "schemas/codec/write_codec.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"

namespace hilfsnetz::indexer {
namespace fs = std::filesystem;
namespace {

WriteError Refused(Status status, std::vector<schemas::FieldError> fields = {},
                   std::string de = "") {
  if (de.empty() && IsDiskFull(status)) {
    de = "auf dem Datenträger des Index ist kein Platz mehr; die Änderung wurde nicht übernommen";
  }
  return {std::move(status), std::move(fields), std::move(de)};
}

WriteError InvalidField(std::string field, std::string en, std::string de) {
  return Refused(InvalidArgumentError(en), {{std::move(field), std::move(en), std::move(de)}});
}

// If-Match: "" (unconditional), "*" (some record must exist) or a version.
std::optional<WriteError> CheckPrecondition(std::string_view if_match, const std::string& id,
                                            const std::optional<WriteResult>& stored) {
  if (if_match.empty()) return std::nullopt;
  if (!stored) {
    return Refused(
        FailedPreconditionError("If-Match: there is no initiative with id '" + id + "' to match"),
        {}, "If-Match: es gibt keine Initiative mit der id „" + id + "“");
  }
  if (if_match == "*" || if_match == stored->version) return std::nullopt;
  return Refused(FailedPreconditionError("If-Match: the initiative '" + id + "' has version " +
                                         stored->version + ", not " + std::string(if_match) +
                                         "; read it again and reapply the change"),
                 {},
                 "If-Match: die Initiative „" + id + "“ hat die Version " + stored->version +
                     ", nicht " + std::string(if_match) +
                     "; bitte neu laden und die Änderung erneut anwenden");
}

// The vector as a full build gives it (embedding_stage.h), L2-normalised.
std::vector<float> Normalised(std::vector<float> v) {
  double norm = 0;
  for (float x : v) norm += double{x} * x;
  if (norm > 0) {
    const double inv = 1.0 / std::sqrt(norm);
    for (float& x : v) x = static_cast<float>(x * inv);
  }
  return v;
}

// What a write stamps into a record's updated_at when it gives none.
std::string Now() {
  return schemas::Rfc3339Utc(std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

}  // namespace

std::string RecordVersion(std::string_view canonical_json) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical_json.data()), canonical_json.size(), d);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kHex[d[i] >> 4];
    out += kHex[d[i] & 15];
  }
  return out;
}

// Writes of one group commit: how many a leader logs at most at once.
constexpr size_t kMaxBatch = 256;
// Logged writes not yet committed: past this, a leader waits for the flusher (with the
// backlog's age, RunBatch: the backpressure that keeps "acknowledged" close to "searchable"
// when writes come faster than the database absorbs them). Bounds the memory of prepared
// documents.
constexpr size_t kMaxUnflushed = 2000;
// The backpressure's bound on how long the oldest uncommitted write may wait, as a share of
// refresh_interval (RunBatch).
constexpr double kBacklogShare = 0.85;
// Logged writes that make the flusher commit without waiting for refresh_interval.
constexpr size_t kFlushAt = 1000;
// The write log starts a new file once the one appended to holds this much (WriteLog::Rotate).
constexpr uint64_t kLogFileBytes = 4 << 20;
// After a failed commit (a full disk) the flusher tries again this much later.
constexpr std::chrono::seconds kFlushRetry{1};

struct LiveWriter::Impl {
  WriterOptions options;
  std::optional<BuildLock> lock;  // held for the writer's life
  std::string index_dir;
  // Set while Rebuild runs: writes are refused at once (503 + Retry-After), not queued
  // behind a build that may take minutes.
  std::atomic<bool> rebuilding{false};

  // Held by the leader of a group commit (decide, log, publish to the overlay), by Bulk and by
  // Rebuild: one of them at a time changes what is stored.
  std::timed_mutex write_mu;
  // Not OK after a rebuild published a generation the writer then could not open: every
  // write is refused (it would land in a generation no reader serves). Guarded by write_mu
  // (not db_mu, which a commit holds for hundreds of milliseconds at 100k).
  Status broken;

  // Guards the database and what describes it; held by whoever commits to it (the flusher,
  // Bulk, Rebuild) for the whole transaction.
  mutable std::mutex db_mu;
  std::string generation;       // guarded by db_mu (Rebuild switches it)
  std::string path;             // guarded by db_mu
  Xapian::WritableDatabase db;  // guarded by db_mu
  // How a generation's records get their vectors. Immutable once published: Prepare, on the
  // writers' threads, takes the current one (a rebuild may replace it meanwhile; a write
  // prepared for the old generation is then refused by LockForWrite).
  struct Embedding {
    std::string kind;  // "trained", "provided" or ""
    int dimensions = 0;
    std::optional<embed::Embedder> embedder;
  };
  mutable std::mutex embedding_mu;
  std::shared_ptr<const Embedding> embedding;  // guarded by embedding_mu
  std::shared_ptr<const Embedding> CurrentEmbedding() const {
    std::lock_guard<std::mutex> l(embedding_mu);
    return embedding;
  }

  struct Prepared {
    BuiltDocument built;
    WriteResult result;
  };
  // A logged write not yet committed. `doc` is null for a delete.
  struct Logged {
    uint64_t seq = 0;
    std::string id;
    std::shared_ptr<const Prepared> doc;
    std::chrono::steady_clock::time_point logged_at;  // when its append was durable
  };

  // Guards the overlay (logged writes not yet committed), the sequence numbers, the reader
  // the leader checks stored records with, and the flusher's state.
  mutable std::mutex state_mu;
  std::condition_variable state_cv;       // the flusher, visibility waiters, backpressure
  std::map<std::string, Logged> overlay;  // id -> its latest logged write
  std::deque<Logged> unflushed;           // in seq order, until they are visible
  // The first `taken` of unflushed are in the commit that runs now or in `publication`.
  size_t taken = 0;
  // A commit whose writes are in the database but not yet visible: the publisher thread
  // builds its search snapshot (options.after_commit) and then makes them visible, while the
  // flusher goes on with the next commit. At most one at a time, in commit order.
  struct Publication {
    uint64_t last = 0;  // its last seq
    size_t writes = 0;  // the first `writes` of unflushed
  };
  std::optional<Publication> publication;

  // The oldest logged write no commit has taken yet, or nullptr. REQUIRES: state_mu held.
  const Logged* OldestWaiting() const {
    return unflushed.size() > taken ? &unflushed[taken] : nullptr;
  }
  uint64_t next_seq = 1;
  uint64_t applied_seq = 0;  // every write <= this is committed
  uint64_t commits = 0;      // to the database, by anyone
  Xapian::Database reader;   // for Stored; reopened when commits moved
  uint64_t reader_commits = ~uint64_t{0};
  int visibility_waiters = 0;
  bool flushing = false;
  bool stop = false;            // the flusher commits what is logged, then ends
  bool publisher_stop = false;  // the publisher publishes what is committed, then ends
  Status flush_error;           // of the last failed commit, until one works
  WriterStats stats;            // all but `pending`
  uint64_t replayed = 0;        // writes applied from the log when a generation was opened
  std::thread flusher;
  std::thread publisher;

  std::mutex log_mu;
  std::optional<WriteLog> log;  // guarded by log_mu

  // Opens `gen` of index_dir for writing with its embedder and write log, replaying what the
  // log holds beyond the database; replaces what was open only when all of it opened.
  // REQUIRES: no write in flight (write_mu held, drained; or no other thread yet).
  Status OpenGeneration(const std::string& gen) {
    // Spelled as the searchers spell it: the change feed (core/change_feed.h) is keyed by it.
    const std::string gen_path = index_dir + "/" + gen;
    Xapian::WritableDatabase fresh;
    Xapian::Database fresh_reader;
    std::string kind;
    int dims = 0;
    uint64_t applied = 0;
    Status s = GuardXapian("opening " + gen_path + " for writing", [&]() -> Status {
      fresh = Xapian::WritableDatabase(gen_path, Xapian::DB_OPEN);
      if (Status v = layout::CheckIndexVersion(fresh, gen_path, text::kAnalyzerVersion); !v.ok()) {
        return v;
      }
      kind = fresh.get_metadata(std::string(layout::kMetaEmbeddingKind));
      const std::string d = fresh.get_metadata(std::string(layout::kMetaEmbeddingDims));
      dims = d.empty() ? 0 : std::stoi(d);
      const std::string a = fresh.get_metadata(std::string(kMetaAppliedSeq));
      applied = a.empty() ? 0 : std::stoull(a);
      fresh_reader = Xapian::Database(gen_path);
      return Status::Ok();
    });
    if (!s.ok()) return s;
    std::optional<embed::Embedder> trained;
    if (kind == "trained") {
      const std::string file = gen_path + "/" + std::string(layout::kEmbedderFile);
      std::ifstream in(file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      if (!in) return DataLossError("cannot read the embedder " + file);
      Result<embed::Embedder> e = embed::Embedder::Deserialize(bytes.str());
      if (!e.ok()) return e.status();
      trained = std::move(*e);
    }
    std::vector<LogEntry> entries;
    Result<WriteLog> opened = WriteLog::Open(gen_path, &entries);
    if (!opened.ok()) return opened.status();
    std::lock_guard<std::mutex> d(db_mu);
    std::lock_guard<std::mutex> st(state_mu);
    std::lock_guard<std::mutex> lg(log_mu);
    db = std::move(fresh);
    generation = gen;
    path = gen_path;
    {
      auto e = std::make_shared<Embedding>();
      e->kind = std::move(kind);
      e->dimensions = dims;
      e->embedder = std::move(trained);
      std::lock_guard<std::mutex> l(embedding_mu);
      embedding = std::move(e);
    }
    log.emplace(std::move(*opened));
    overlay.clear();
    unflushed.clear();
    taken = 0;
    // Sequence numbers only grow, also across a rebuild's new generation (whose database has
    // applied none): a visibility waiter from before it is not made to wait again.
    applied_seq = std::max(applied_seq, applied);
    next_seq = std::max(next_seq, applied + 1);
    for (const LogEntry& e : entries) next_seq = std::max(next_seq, e.seq + 1);
    reader = std::move(fresh_reader);
    reader_commits = commits;
    return Replay(entries);
  }

  // Applies the log's entries beyond applied_seq in one commit (after a crash).
  // REQUIRES: db_mu, state_mu and log_mu held.
  Status Replay(const std::vector<LogEntry>& entries) {
    std::vector<Logged> todo;
    for (const LogEntry& e : entries) {
      if (e.seq <= applied_seq) continue;
      Logged l{e.seq, e.id, nullptr, std::chrono::steady_clock::now()};
      if (e.kind == LogEntry::Kind::kUpsert) {
        WriteOutcome<Prepared> p = Prepare(e.id, e.json);
        if (!p.ok()) {
          return DataLossError("the write log of " + path + " holds write " +
                               std::to_string(e.seq) + " of '" + e.id +
                               "', which this build cannot apply (" + p.error.status.message() +
                               "); its record stays in the log");
        }
        l.doc = std::make_shared<const Prepared>(std::move(*p.value));
      }
      todo.push_back(std::move(l));
    }
    if (!todo.empty()) {
      if (Status s = ApplyToDatabase(todo); !s.ok()) return s;
      replayed += todo.size();
      applied_seq = todo.back().seq;
      ++commits;
    }
    log->DropApplied(applied_seq);
    return Status::Ok();
  }

  // Commits `batch` (in seq order) in one transaction that also records the last seq.
  // REQUIRES: db_mu held.
  Status ApplyToDatabase(const std::vector<Logged>& batch) {
    std::vector<ChangeFeed::DocId> changed;
    Status s = GuardXapian("writing", [&]() -> Status {
      db.begin_transaction(true);
      for (const Logged& l : batch) {
        if (l.doc) {
          Apply(*l.doc, changed);
        } else {
          Remove(l.id, changed);
        }
      }
      db.set_metadata(std::string(kMetaAppliedSeq), std::to_string(batch.back().seq));
      // Applied whole at commit_transaction (which fsyncs) or, cancelled, not at all.
      Commit(changed);
      return Status::Ok();
    });
    if (!s.ok()) Rollback();
    return s;
  }

  // Takes write_mu for a write, unless a rebuild runs (then, or once one has begun while
  // waiting, returns false: the write is refused, never parked behind a build that may take
  // minutes and then applied after it).
  bool LockForWrite(std::unique_lock<std::timed_mutex>& l) {
    l = std::unique_lock<std::timed_mutex>(write_mu, std::defer_lock);
    while (!l.try_lock_for(std::chrono::milliseconds(10))) {
      if (rebuilding.load()) return false;
    }
    if (!rebuilding.load()) return true;
    l.unlock();
    return false;
  }

  // Why a write is refused before it starts: a rebuild runs. Else nullopt.
  std::optional<WriteError> RefusedNow(bool always = false) const {
    if (!always && !rebuilding.load()) return std::nullopt;
    WriteError e = Refused(UnavailableError("a full rebuild of the index is running; writes are "
                                            "refused until it has been published"),
                           {},
                           "der Index wird gerade vollständig neu aufgebaut; Änderungen sind erst "
                           "nach seiner Veröffentlichung wieder möglich");
    e.retry_after_s = 5;
    return e;
  }

  // The stored record `id` in `source` (the writable database or the reader), or nullopt.
  static Result<std::optional<WriteResult>> StoredIn(Xapian::Database& source,
                                                     const std::string& id) {
    std::optional<WriteResult> out;
    Status s = GuardXapian("reading " + id, [&]() -> Status {
      const std::string term = "Q" + id;
      Xapian::PostingIterator p = source.postlist_begin(term);
      if (p == source.postlist_end(term)) return Status::Ok();
      const Xapian::Document doc = source.get_document(*p);
      Result<schemas::Initiative> rec = schemas::DecodeStoredInitiative(doc.get_data());
      if (!rec.ok()) return rec.status();
      WriteResult r;
      r.json = schemas::SerializeInitiative(*rec);
      r.version = RecordVersion(r.json);
      out = std::move(r);
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  // The record `id` as a write must see it: its latest logged write, else the database's.
  // REQUIRES: state_mu held.
  Result<std::optional<WriteResult>> Lookup(const std::string& id) {
    if (auto it = overlay.find(id); it != overlay.end()) {
      if (!it->second.doc) return std::optional<WriteResult>();
      return std::optional<WriteResult>(it->second.doc->result);
    }
    // Not in the overlay: its last write is committed (an overlay entry is erased only after
    // its commit, which bumps `commits`), so a reader reopened since then has it.
    Status last;
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (reader_commits != commits) {
        Status s = GuardXapian("reopening for writes", [&]() -> Status {
          reader.reopen();
          return Status::Ok();
        });
        if (!s.ok()) return s;
        reader_commits = commits;
      }
      Result<std::optional<WriteResult>> r = StoredIn(reader, id);
      if (r.ok() || !IsRevisionDiscarded(r.status())) return r;
      last = r.status();
      reader_commits = ~uint64_t{0};  // reopen and try again
    }
    return last;
  }

  // Validates `json` as the record `id` (any id when `id` is empty) and builds its document
  // with its vector. Touches no database: runs outside the locks, on the caller's thread.
  WriteOutcome<Prepared> Prepare(const std::string& id, std::string_view json) {
    WriteOutcome<Prepared> out;
    schemas::ParsedInitiative parsed = schemas::ParseInitiative(json);
    if (parsed.ok() && !id.empty() && parsed.initiative.id != id) {
      out.error = InvalidField(
          "id", "the body's id '" + parsed.initiative.id + "' differs from the URL's '" + id + "'",
          "die id im Inhalt („" + parsed.initiative.id + "“) weicht von der in der URL („" + id +
              "“) ab");
      return out;
    }
    if (!parsed.ok()) {
      out.error = Refused(InvalidArgumentError("the initiative is invalid"), parsed.errors);
      return out;
    }
    schemas::Initiative& record = parsed.initiative;
    FillLanguage(record);
    // Each field analysed once, for the vector and for the document.
    const RecordAnalysis analysis = AnalyseRecord(record);
    const std::shared_ptr<const Embedding> how = CurrentEmbedding();
    std::vector<float> vector;
    if (how->kind == "provided") {
      if (record.embedding.size() != static_cast<size_t>(how->dimensions)) {
        const std::string d = std::to_string(how->dimensions);
        const std::string n = std::to_string(record.embedding.size());
        out.error =
            record.embedding.empty()
                ? InvalidField("embedding", "missing: this index holds vectors of dimension " + d,
                               "fehlt: dieser Index hat Vektoren der Dimension " + d)
                : InvalidField("embedding", "has dimension " + n + ", this index holds " + d,
                               "hat die Dimension " + n + ", dieser Index " + d);
        return out;
      }
      vector = Normalised(record.embedding);
    } else if (!record.embedding.empty()) {
      out.error = InvalidField(
          "embedding",
          "this index computes its vectors itself (" +
              (how->kind.empty() ? std::string("none") : how->kind) + "); leave embedding out",
          "dieser Index berechnet seine Vektoren selbst; bitte embedding weglassen");
      return out;
    } else if (how->embedder) {
      vector = how->embedder->Embed(EmbedFieldsOf(analysis));
    }
    Prepared p;
    p.result.json = schemas::SerializeInitiative(record);
    p.result.version = RecordVersion(p.result.json);
    Status s = GuardXapian("building " + record.id, [&]() -> Status {
      p.built = BuildDocumentWithVector(record, analysis, vector);
      return Status::Ok();
    });
    if (!s.ok()) {
      out.error = Refused(s);
      return out;
    }
    out.value = std::move(p);
    return out;
  }

  // Adds the prepared document to the open transaction. REQUIRES: db_mu held, in a transaction.
  void Apply(const Prepared& p, std::vector<ChangeFeed::DocId>& changed) {
    changed.push_back(db.replace_document(p.built.id_term, p.built.document));
    for (const std::string& w : p.built.spelling_words) db.add_spelling(w);
  }

  // Deletes the record `id` if it is stored. REQUIRES: db_mu held, in a transaction.
  void Remove(const std::string& id, std::vector<ChangeFeed::DocId>& changed) {
    const std::string term = "Q" + id;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) changed.push_back(*p);
    db.delete_document(term);
  }

  // Commits the open transaction, first telling the searchers of this process which documents
  // it changes (core/change_feed.h). REQUIRES: db_mu held, in a transaction.
  void Commit(const std::vector<ChangeFeed::DocId>& changed) {
    ChangeFeed::Global().Tell(path, db.get_revision() + 1, changed);
    db.commit_transaction();
  }

  // Runs options.after_commit (the server builds the new revision's search snapshot) and
  // counts its time. REQUIRES: state_mu not held.
  void AfterCommit() {
    if (!options.after_commit) return;
    const auto began = std::chrono::steady_clock::now();
    options.after_commit();
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::lock_guard<std::mutex> st(state_mu);
    stats.after_commit_seconds += took;
  }

  // After a failed commit: drop what was not committed, so no later commit applies it.
  void Rollback() {
    try {
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // Not in a transaction: nothing pending.
    }
  }

  // ---------------------------------------------------------------- group commit
  // A write waits in `queue` until it is done or at the front; the write at the front leads:
  // it takes every write queued behind it (up to kMaxBatch), decides them in order against
  // the stored records and the writes before them, logs them with one append and one
  // fdatasync, publishes them to the overlay and wakes them. Validation and analysis (Prepare)
  // run before, on each writer's own thread, so while one group is logged the next prepares.
  struct Pending {
    bool is_delete = false;
    std::string id;
    std::shared_ptr<const Prepared> prepared;  // an upsert's document
    std::string if_match;
    std::optional<std::string> expect_version;  // PATCH: the version its merge was based on
    bool done = false;                          // guarded by queue_mu
    bool conflict = false;  // expect_version is no longer stored (the PATCH merges again)
    WriteOutcome<WriteResult> out;
    std::condition_variable cv;
  };
  std::mutex queue_mu;
  std::deque<Pending*> queue;  // guarded by queue_mu

  void Submit(Pending& p) {
    std::unique_lock<std::mutex> l(queue_mu);
    queue.push_back(&p);
    p.cv.wait(l, [&] { return p.done || queue.front() == &p; });
    if (p.done) return;
    const std::vector<Pending*> batch(
        queue.begin(), queue.begin() + static_cast<long>(std::min(queue.size(), kMaxBatch)));
    l.unlock();
    {
      std::unique_lock<std::timed_mutex> w;
      if (LockForWrite(w)) {
        RunBatch(batch);
      } else {
        for (Pending* q : batch) q->out = {std::nullopt, *RefusedNow(true)};
      }
    }
    l.lock();
    for (Pending* q : batch) {
      queue.pop_front();  // the batch is the queue's front: only leaders pop
      q->done = true;
      if (q != &p) q->cv.notify_one();
    }
    if (!queue.empty()) queue.front()->cv.notify_one();
  }

  // Decides, logs and publishes `batch`. REQUIRES: write_mu held.
  void RunBatch(const std::vector<Pending*>& batch) {
    if (!broken.ok()) {
      for (Pending* p : batch) p->out = {std::nullopt, Refused(broken)};
      return;
    }
    std::vector<LogEntry> entries;
    std::vector<Pending*> logged;  // in entries' order
    {
      std::unique_lock<std::mutex> st(state_mu);
      // Backpressure: no more acknowledgements while the oldest logged write no commit has
      // taken yet has waited a refresh interval (the flusher is busy with a commit that long),
      // so that what is acknowledged stays about one commit ahead of what is searchable. At
      // 100k documents with 8 writers flat out (bench/write_bench.py, load 2-3): one interval,
      // 283 writes/s visible in p50 0.84 s, p99 1.02 s; two intervals, 348 writes/s but p99
      // 1.82 s, as commits grew from ~120 writes (400 ms) to ~250 (650 ms). A write is to be
      // searchable within a second; the throughput Xapian gives at 100k is below the 500/s
      // asked either way (docs/writing.md). kBacklogShare of an interval since writes got
      // cheaper (one analysis per record): at one interval their commits grew to ~360 ms and
      // visibility p99 to 0.99-1.08 s (470-544 writes/s, five runs); at 0.85, 0.84-0.93 s
      // (388-450 writes/s, three runs); at 0.6, 0.66-0.71 s (303-376 writes/s).
      const auto max_lag = std::max<std::chrono::steady_clock::duration>(
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(options.refresh_interval *
                                                                          kBacklogShare),
          std::chrono::milliseconds(100));
      state_cv.wait(st, [&] {
        const Logged* waiting = OldestWaiting();
        return stop || !flush_error.ok() ||
               (unflushed.size() < kMaxUnflushed &&
                (!waiting || std::chrono::steady_clock::now() - waiting->logged_at < max_lag));
      });
      // While commits fail (a full disk), take no more writes: what is logged is applied once
      // they work again, and the log does not grow meanwhile.
      if (!flush_error.ok()) {
        for (Pending* p : batch) p->out = {std::nullopt, Refused(flush_error)};
        return;
      }
      // What this batch has decided so far: id -> version (nullopt: deleted).
      std::map<std::string, std::optional<std::string>> written;
      for (Pending* p : batch) {
        std::optional<WriteResult> stored;
        if (auto it = written.find(p->id); it != written.end()) {
          if (it->second) stored = WriteResult{false, "", *it->second, 0};
        } else {
          Result<std::optional<WriteResult>> r = Lookup(p->id);
          if (!r.ok()) {
            p->out.error = Refused(r.status());
            continue;
          }
          stored = std::move(*r);
        }
        if (p->expect_version && (!stored || stored->version != *p->expect_version)) {
          p->conflict = true;
          continue;
        }
        if (auto e = CheckPrecondition(p->if_match, p->id, stored)) {
          p->out.error = std::move(*e);
          continue;
        }
        LogEntry e;
        e.seq = next_seq++;
        e.id = p->id;
        if (p->is_delete) {
          if (!stored) {
            p->out.error = Refused(NotFoundError("no initiative with id '" + p->id + "'"), {},
                                   "keine Initiative mit der id „" + p->id + "“");
            continue;
          }
          e.kind = LogEntry::Kind::kDelete;
          written[p->id] = std::nullopt;
          p->out.value = WriteResult{};
        } else {
          e.json = p->prepared->result.json;
          written[p->id] = p->prepared->result.version;
          p->out.value = p->prepared->result;
          p->out.value->created = !stored;
        }
        p->out.value->seq = e.seq;
        entries.push_back(std::move(e));
        logged.push_back(p);
      }
    }
    if (entries.empty()) return;
    Status s;
    {
      std::lock_guard<std::mutex> lg(log_mu);
      // A new file every kLogFileBytes: the publisher deletes a file once every write in it
      // is committed. Not one per commit: that cost the flusher two fsyncs and an unlink
      // (~20 ms at 100k) a commit. A failure (a full disk) only keeps appending to this one.
      if (log->tail_bytes() >= kLogFileBytes) (void)log->Rotate();
      s = log->Append(entries);
    }
    if (!s.ok()) {
      for (Pending* p : logged) p->out = {std::nullopt, Refused(s)};
      return;
    }
    std::lock_guard<std::mutex> st(state_mu);
    const auto now = std::chrono::steady_clock::now();
    for (Pending* p : logged) {
      Logged l{p->out.value->seq, p->id, p->is_delete ? nullptr : p->prepared, now};
      overlay[p->id] = l;
      unflushed.push_back(std::move(l));
    }
    state_cv.notify_all();
  }

  // ---------------------------------------------------------------- flushing
  // Commits the oldest of what `unflushed` holds that no commit has taken yet, in one
  // transaction, and hands the commit to the publisher. REQUIRES: st holds state_mu, flushing
  // is false and a write waits; released while committing.
  Status FlushLocked(std::unique_lock<std::mutex>& st) {
    flushing = true;
    // At most kFlushAt: a commit's time grows with its size, and visibility with it.
    const size_t first = taken;
    const size_t n = std::min(unflushed.size() - first, kFlushAt);
    taken = first + n;
    const std::vector<Logged> batch(unflushed.begin() + static_cast<long>(first),
                                    unflushed.begin() + static_cast<long>(first + n));
    const uint64_t last = batch.back().seq;
    state_cv.notify_all();  // writers held back by the writes this commit takes may go on
    st.unlock();
    Status s;
    const auto began = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> d(db_mu);
      s = ApplyToDatabase(batch);
    }
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    st.lock();
    ++stats.commits;
    stats.commit_seconds += took;
    stats.last_commit_seconds = took;
    stats.last_commit_writes = batch.size();
    if (!s.ok()) {
      ++stats.commit_failures;
      taken -= n;  // the publisher may have removed writes before them meanwhile, never these
      flushing = false;
      flush_error = s;
      state_cv.notify_all();
      return s;
    }
    ++commits;
    flush_error = Status::Ok();
    // One publication at a time, in commit order. A publication (~20-50 ms at 100k) is much
    // shorter than a commit, so this rarely waits; and the commit after the next cannot begin
    // before it ends, so the revision its snapshot reads is at most one behind the newest
    // (Xapian reuses a revision's blocks only two commits later).
    state_cv.wait(st, [&] { return !publication; });
    publication = Publication{last, n};
    flushing = false;
    state_cv.notify_all();
    return s;
  }

  // Commits what is logged once the oldest of it has waited refresh_interval, at once when
  // someone waits for visibility, when kFlushAt writes are waiting, or when the writer stops.
  void FlusherLoop() {
    pthread_setname_np(pthread_self(), "hn-flusher");  // in top -H, perf and ps -L
    std::unique_lock<std::mutex> st(state_mu);
    while (true) {
      const size_t waiting = unflushed.size() - taken;
      if (stop && waiting == 0) return;
      if (waiting == 0 || flushing) {
        state_cv.wait(st, [&] { return stop || (unflushed.size() > taken && !flushing); });
        continue;
      }
      const auto urgent = [&] {
        return stop || visibility_waiters > 0 || unflushed.size() - taken >= kFlushAt;
      };
      // Writes logged while the last commit ran may have waited the interval already: then
      // the next commit starts at once, and a busy flusher commits back to back.
      const auto deadline = OldestWaiting()->logged_at + options.refresh_interval;
      if (!urgent() && std::chrono::steady_clock::now() < deadline) {
        state_cv.wait_until(st, deadline, urgent);
        continue;
      }
      if (!FlushLocked(st).ok()) {
        if (stop) return;  // stays logged: the next Open replays it
        state_cv.wait_for(st, kFlushRetry, [&] { return stop; });
      }
    }
  }

  // Makes committed writes visible, one commit at a time: builds the search snapshot of the
  // new revision (AfterCommit), then counts the writes as applied (WaitVisible), lets go of
  // them in the realtime overlay and deletes the log files they fill. On its own thread, so
  // that the flusher's next commit does not wait for the snapshot.
  void PublisherLoop() {
    pthread_setname_np(pthread_self(), "hn-publisher");
    std::unique_lock<std::mutex> st(state_mu);
    while (true) {
      state_cv.wait(st, [&] { return publisher_stop || publication.has_value(); });
      if (!publication) return;
      const Publication p = *publication;
      st.unlock();
      AfterCommit();
      st.lock();
      applied_seq = p.last;
      for (size_t i = 0; i < p.writes; ++i) {
        auto it = overlay.find(unflushed[i].id);
        if (it != overlay.end() && it->second.seq <= p.last) overlay.erase(it);
      }
      unflushed.erase(unflushed.begin(), unflushed.begin() + static_cast<long>(p.writes));
      taken -= p.writes;
      publication.reset();
      state_cv.notify_all();
      st.unlock();
      {
        std::lock_guard<std::mutex> lg(log_mu);
        log->DropApplied(p.last);
      }
      st.lock();
    }
  }

  // Commits everything logged so far and waits until it is visible. REQUIRES: write_mu held
  // (nothing new is logged).
  Status Drain() {
    std::unique_lock<std::mutex> st(state_mu);
    state_cv.wait(st, [&] { return !flushing; });
    Status s;
    if (unflushed.size() > taken) s = FlushLocked(st);
    // Also after a failure: a rebuild must not open a new generation under a publication.
    state_cv.wait(st, [&] { return !flushing && !publication; });
    return s;
  }
};

LiveWriter::LiveWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->publisher = std::thread([this] { impl_->PublisherLoop(); });
  impl_->flusher = std::thread([this] { impl_->FlusherLoop(); });
}

LiveWriter::~LiveWriter() {
  {
    std::lock_guard<std::mutex> st(impl_->state_mu);
    impl_->stop = true;
  }
  impl_->state_cv.notify_all();
  impl_->flusher.join();
  {
    std::lock_guard<std::mutex> st(impl_->state_mu);
    impl_->publisher_stop = true;
  }
  impl_->state_cv.notify_all();
  impl_->publisher.join();
}

uint64_t LiveWriter::replayed() const {
  std::lock_guard<std::mutex> st(impl_->state_mu);
  return impl_->replayed;
}

WriterStats LiveWriter::Stats() const {
  std::lock_guard<std::mutex> st(impl_->state_mu);
  WriterStats out = impl_->stats;
  // Committed writes that wait for their publication are no longer pending.
  out.pending =
      impl_->unflushed.size() - (impl_->publication ? impl_->publication->writes : size_t{0});
  return out;
}

std::string LiveWriter::generation() const {
  std::lock_guard<std::mutex> l(impl_->db_mu);
  return impl_->generation;
}

Result<std::unique_ptr<LiveWriter>> LiveWriter::Open(const std::string& index_dir,
                                                     WriterOptions options) {
  Result<LockedIndex> locked = LockIndex(index_dir);
  if (!locked.ok()) return locked.status();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->lock.emplace(std::move(locked->lock));
  impl->index_dir = index_dir;
  if (Status s = impl->OpenGeneration(locked->current); !s.ok()) return s;
  return std::unique_ptr<LiveWriter>(new LiveWriter(std::move(impl)));
}

WriteOutcome<BuildReport> LiveWriter::Rebuild(std::istream& input, const BuildOptions& options) {
  // A second rebuild is refused like any other write while one runs.
  if (impl_->rebuilding.exchange(true)) return {std::nullopt, *impl_->RefusedNow(true)};
  Result<BuildReport> report = [&]() -> Result<BuildReport> {
    // Waits for the group being logged; writers that come later are refused (LockForWrite).
    std::lock_guard<std::timed_mutex> w(impl_->write_mu);
    // What is logged goes into the old generation first: a crash during the build then
    // leaves it complete (and a failed build leaves it serving).
    if (!impl_->broken.ok()) return impl_->broken;
    if (Status s = impl_->Drain(); !s.ok()) return s;
    Result<BuildReport> r = [&]() -> Result<BuildReport> {
      std::lock_guard<std::mutex> d(impl_->db_mu);
      return BuildIndexLocked(input, impl_->index_dir, options, *impl_->lock);
    }();
    if (!r.ok() || r->generation.empty()) return r;  // nothing published: writes go on as before
    if (Status s = impl_->OpenGeneration(r->generation); !s.ok()) {
      impl_->broken = InternalError("the rebuilt generation " + r->generation +
                                    " is published but could not be opened for writing (" +
                                    s.message() + "); restart the server");
      return impl_->broken;
    }
    return r;
  }();
  impl_->rebuilding = false;
  if (!report.ok()) return {std::nullopt, Refused(report.status())};
  // The new generation's snapshot, built now rather than by the first search; the server's
  // warm snapshot of the old generation goes with it.
  if (!report->generation.empty()) impl_->AfterCommit();
  return {std::move(*report), {}};
}

Result<WriteResult> LiveWriter::Current(const std::string& id) {
  std::lock_guard<std::mutex> st(impl_->state_mu);
  Result<std::optional<WriteResult>> stored = impl_->Lookup(id);
  if (!stored.ok()) return stored.status();
  if (!*stored) return NotFoundError("no initiative with id '" + id + "'");
  return std::move(**stored);
}

std::optional<WriteResult> LiveWriter::Pending(const std::string& id) const {
  std::lock_guard<std::mutex> st(impl_->state_mu);
  auto it = impl_->overlay.find(id);
  if (it == impl_->overlay.end()) return std::nullopt;
  if (!it->second.doc) {
    WriteResult deleted;
    deleted.seq = it->second.seq;
    return deleted;
  }
  return it->second.doc->result;
}

bool LiveWriter::WaitVisible(uint64_t seq, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> st(impl_->state_mu);
  if (impl_->applied_seq >= seq) return true;
  ++impl_->visibility_waiters;
  impl_->state_cv.notify_all();
  const uint64_t failures = impl_->stats.commit_failures;
  const bool visible = impl_->state_cv.wait_for(st, timeout, [&] {
    return impl_->applied_seq >= seq || impl_->stats.commit_failures != failures;
  }) && impl_->applied_seq >= seq;
  --impl_->visibility_waiters;
  return visible;
}

WriteOutcome<WriteResult> LiveWriter::Put(const std::string& id, std::string_view json,
                                          std::string_view if_match) {
  // A body without an id takes the URL's (the codec requires one); without updated_at, the
  // time of the write.
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  const std::string body = schemas::WithDefaults(json, {{"id", id}, {"updated_at", Now()}});
  WriteOutcome<Impl::Prepared> prepared = impl_->Prepare(id, body);
  if (!prepared.ok()) return {std::nullopt, std::move(prepared.error)};
  Impl::Pending p;
  p.id = id;
  p.prepared = std::make_shared<const Impl::Prepared>(std::move(*prepared.value));
  p.if_match = std::string(if_match);
  impl_->Submit(p);
  return std::move(p.out);
}

WriteOutcome<WriteResult> LiveWriter::Patch(const std::string& id, std::string_view merge_patch,
                                            std::string_view if_match) {
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  schemas::MergePatch patch = schemas::ParseMergePatch(merge_patch);
  if (!patch.ok()) {
    return {std::nullopt,
            Refused(InvalidArgumentError("the merge patch is invalid"), {*patch.error})};
  }
  // A patch that does not set updated_at sets it to the time of the write.
  patch.text = schemas::WithDefaults(patch.text, {{"updated_at", Now()}});
  // Merged with the stored record as read, then written only if that is still the stored
  // version (another write in between: merge again with the new one).
  for (int attempt = 0; attempt < 8; ++attempt) {
    Result<std::optional<WriteResult>> stored = [&] {
      std::lock_guard<std::mutex> st(impl_->state_mu);
      return impl_->Lookup(id);
    }();
    if (!stored.ok()) return {std::nullopt, Refused(stored.status())};
    if (!*stored) {
      return {std::nullopt, Refused(NotFoundError("no initiative with id '" + id + "' to patch"),
                                    {}, "keine Initiative mit der id „" + id + "“ zum Ändern")};
    }
    if (auto e = CheckPrecondition(if_match, id, *stored)) return {std::nullopt, std::move(*e)};
    WriteOutcome<Impl::Prepared> prepared =
        impl_->Prepare(id, schemas::ApplyMergePatch((*stored)->json, patch));
    if (!prepared.ok()) return {std::nullopt, std::move(prepared.error)};
    Impl::Pending p;
    p.id = id;
    p.prepared = std::make_shared<const Impl::Prepared>(std::move(*prepared.value));
    p.if_match = std::string(if_match);
    p.expect_version = (*stored)->version;
    impl_->Submit(p);
    if (!p.conflict) return std::move(p.out);
  }
  return {std::nullopt,
          Refused(UnavailableError("the initiative '" + id +
                                   "' changed eight times while it was being patched; try again"),
                  {},
                  "die Initiative „" + id +
                      "“ wurde während der Änderung achtmal geändert; "
                      "bitte erneut versuchen")};
}

WriteOutcome<WriteResult> LiveWriter::Delete(const std::string& id, std::string_view if_match) {
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  Impl::Pending p;
  p.is_delete = true;
  p.id = id;
  p.if_match = std::string(if_match);
  impl_->Submit(p);
  return std::move(p.out);
}

WriteOutcome<BulkReport> LiveWriter::Bulk(std::string_view ndjson) {
  // Split first: a body over the line limit is refused before any line is parsed.
  const std::vector<schemas::BulkLineText> lines = schemas::SplitBulkLines(ndjson);
  if (lines.size() > kMaxBulkLines) {
    const std::string n = std::to_string(lines.size()), max = std::to_string(kMaxBulkLines);
    return {
        std::nullopt,
        InvalidField("", "the bulk has " + n + " lines; at most " + max + " per request",
                     "der Bulk-Auftrag hat " + n + " Zeilen; höchstens " + max + " pro Anfrage")};
  }
  std::vector<schemas::BulkOp> ops;
  ops.reserve(lines.size());
  for (const schemas::BulkLineText& line : lines) ops.push_back(schemas::ParseBulkLine(line));
  return ApplyBulk(std::move(ops));
}

WriteOutcome<BulkReport> LiveWriter::ApplyBulk(std::vector<schemas::BulkOp> ops) {
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  BulkReport report;
  std::unique_lock<std::timed_mutex> w;
  if (!impl_->LockForWrite(w)) return {std::nullopt, *impl_->RefusedNow(true)};
  // The bulk reads and writes the database directly, after what the log holds.
  if (!impl_->broken.ok()) return {std::nullopt, Refused(impl_->broken)};
  if (Status s = impl_->Drain(); !s.ok()) return {std::nullopt, Refused(s)};
  std::unique_lock<std::mutex> d(impl_->db_mu);
  std::map<std::string, bool> exists;  // ids this bulk has written or deleted so far
  std::vector<ChangeFeed::DocId> changed;
  auto stored = [&](const std::string& id) -> Result<bool> {
    if (auto it = exists.find(id); it != exists.end()) return it->second;
    Result<std::optional<WriteResult>> s = Impl::StoredIn(impl_->db, id);
    if (!s.ok()) return s.status();
    return s->has_value();
  };
  Status s = GuardXapian("bulk write", [&]() -> Status {
    impl_->db.begin_transaction(true);
    for (schemas::BulkOp& op : ops) {
      BulkLine out;
      out.line = op.line;
      out.id = op.id;
      if (op.kind == schemas::BulkOp::Kind::kRejected) {
        out.result = BulkLine::Result::kRejected;
        out.errors = std::move(op.errors);
      } else if (op.kind == schemas::BulkOp::Kind::kDelete) {
        Result<bool> was = stored(out.id);
        if (!was.ok()) return was.status();
        if (*was) {
          impl_->Remove(out.id, changed);
          out.result = BulkLine::Result::kDeleted;
        } else {
          out.result = BulkLine::Result::kNotFound;
        }
        exists[out.id] = false;
      } else {
        WriteOutcome<Impl::Prepared> p =
            impl_->Prepare("", schemas::WithDefaults(op.record, {{"updated_at", Now()}}));
        if (!p.ok()) {
          out.result = BulkLine::Result::kRejected;
          for (schemas::FieldError& e : p.error.fields) {
            e.field = e.field.empty() ? "upsert" : "upsert." + e.field;
            out.errors.push_back(std::move(e));
          }
          if (out.errors.empty()) return p.error.status;
        } else {
          out.id = p.value->built.id_term.substr(1);
          Result<bool> was = stored(out.id);
          if (!was.ok()) return was.status();
          impl_->Apply(*p.value, changed);
          out.result = *was ? BulkLine::Result::kReplaced : BulkLine::Result::kAdded;
          out.version = p.value->result.version;
          exists[out.id] = true;
        }
      }
      switch (out.result) {
        case BulkLine::Result::kAdded:
          ++report.added;
          break;
        case BulkLine::Result::kReplaced:
          ++report.replaced;
          break;
        case BulkLine::Result::kDeleted:
          ++report.deleted;
          break;
        case BulkLine::Result::kNotFound:
          ++report.not_found;
          break;
        case BulkLine::Result::kRejected:
          ++report.rejected;
          break;
      }
      report.lines.push_back(std::move(out));
    }
    impl_->Commit(changed);  // one fsync for the whole bulk
    return Status::Ok();
  });
  if (!s.ok()) {
    impl_->Rollback();
    return {std::nullopt, Refused(s)};
  }
  {
    std::lock_guard<std::mutex> st(impl_->state_mu);
    ++impl_->commits;  // the reader reopens before its next lookup
  }
  d.unlock();
  impl_->AfterCommit();  // searches see the bulk once answered, without building its snapshot
  return {std::move(report), {}};
}

}  // namespace hilfsnetz::indexer
