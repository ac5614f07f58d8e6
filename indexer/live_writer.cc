#include "indexer/live_writer.h"

#include <openssl/sha.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <xapian.h>

#include "core/change_feed.h"
#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "embed/embedder.h"
#include "embed/vector_codec.h"
#include "indexer/build_lock.h"
#include "indexer/document_builder.h"
#include "indexer/embedding_stage.h"
#include "indexer/index_builder.h"
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

// Writes of one batch: how many a leader commits at most at once.
constexpr size_t kMaxBatch = 256;

struct LiveWriter::Impl {
  std::optional<BuildLock> lock;  // held for the writer's life
  std::string index_dir;
  // Set while Rebuild runs: writes are refused at once (503 + Retry-After), not queued
  // behind a build that may take minutes.
  std::atomic<bool> rebuilding{false};
  std::string generation;  // guarded by db_mu (Rebuild switches it)
  std::string path;        // guarded by db_mu
  // Not OK after a rebuild published a generation the writer then could not open: every
  // write is refused (it would land in a generation no reader serves). Guarded by db_mu.
  Status broken;
  // Guards db: a batch's leader holds it while applying and committing, readers while reading.
  std::timed_mutex db_mu;
  Xapian::WritableDatabase db;  // guarded by db_mu
  std::string embedding_kind;   // "trained", "provided" or ""
  int dimensions = 0;
  std::optional<embed::Embedder> embedder;

  // Opens `gen` of index_dir for writing with its embedder, replacing what was open only
  // when all of it opened. REQUIRES: db_mu held (or no other thread yet).
  Status OpenGeneration(const std::string& gen) {
    // Spelled as the searchers spell it: the change feed (core/change_feed.h) is keyed by it.
    const std::string gen_path = index_dir + "/" + gen;
    Xapian::WritableDatabase fresh;
    std::string kind;
    int dims = 0;
    Status s = GuardXapian("opening " + gen_path + " for writing", [&]() -> Status {
      fresh = Xapian::WritableDatabase(gen_path, Xapian::DB_OPEN);
      if (Status v = layout::CheckIndexVersion(fresh, gen_path, text::kAnalyzerVersion); !v.ok()) {
        return v;
      }
      kind = fresh.get_metadata(std::string(layout::kMetaEmbeddingKind));
      const std::string d = fresh.get_metadata(std::string(layout::kMetaEmbeddingDims));
      dims = d.empty() ? 0 : std::stoi(d);
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
    db = std::move(fresh);
    generation = gen;
    path = gen_path;
    embedding_kind = std::move(kind);
    dimensions = dims;
    embedder = std::move(trained);
    return Status::Ok();
  }

  // Takes db_mu for a write, unless a rebuild runs (then, or once one has begun while
  // waiting, returns false: the write is refused, never parked behind a build that may take
  // minutes and then applied after it).
  bool LockForWrite(std::unique_lock<std::timed_mutex>& l) {
    l = std::unique_lock<std::timed_mutex>(db_mu, std::defer_lock);
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

  // The stored record `id`, or nullopt. REQUIRES: db_mu held.
  Result<std::optional<WriteResult>> Stored(const std::string& id) {
    std::optional<WriteResult> out;
    Status s = GuardXapian("reading " + id, [&]() -> Status {
      const std::string term = "Q" + id;
      Xapian::PostingIterator p = db.postlist_begin(term);
      if (p == db.postlist_end(term)) return Status::Ok();
      const Xapian::Document doc = db.get_document(*p);
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

  struct Prepared {
    BuiltDocument built;
    WriteResult result;
  };

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
    std::vector<float> vector;
    if (embedding_kind == "provided") {
      if (record.embedding.size() != static_cast<size_t>(dimensions)) {
        const std::string d = std::to_string(dimensions);
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
      out.error =
          InvalidField("embedding",
                       "this index computes its vectors itself (" +
                           (embedding_kind.empty() ? std::string("none") : embedding_kind) +
                           "); leave embedding out",
                       "dieser Index berechnet seine Vektoren selbst; bitte embedding weglassen");
      return out;
    } else if (embedder) {
      vector = embedder->Embed(EmbedInputOf(record));
    }
    Prepared p;
    p.result.json = schemas::SerializeInitiative(record);
    p.result.version = RecordVersion(p.result.json);
    Status s = GuardXapian("building " + record.id, [&]() -> Status {
      p.built = BuildDocument(record);
      if (!vector.empty()) {
        p.built.document.add_value(layout::kSlotEmbedding, embed::SerializeVector(vector));
      }
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

  // Deletes the record `id` (which exists). REQUIRES: db_mu held, in a transaction.
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

  // ---------------------------------------------------------------- group commit
  // A write waits in `queue` until it is done or at the front; the write at the front leads:
  // it takes every write queued behind it (up to kMaxBatch), applies them in order in one
  // transaction and commits once, then wakes them. Validation and analysis (Prepare) run
  // before, on each writer's own thread, so while one batch commits the next one prepares.
  struct Pending {
    bool is_delete = false;
    std::string id;
    std::optional<Prepared> prepared;  // an upsert's document
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
      std::unique_lock<std::timed_mutex> d;
      if (LockForWrite(d)) {
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

  // Applies `batch` in order in one transaction and commits it. REQUIRES: db_mu held.
  void RunBatch(const std::vector<Pending*>& batch) {
    if (!broken.ok()) {
      for (Pending* p : batch) p->out = {std::nullopt, Refused(broken)};
      return;
    }
    // What this batch has written so far: id -> version (nullopt: deleted).
    std::map<std::string, std::optional<std::string>> written;
    std::vector<ChangeFeed::DocId> changed;
    Status s = GuardXapian("writing", [&]() -> Status {
      db.begin_transaction(true);
      for (Pending* p : batch) {
        std::optional<WriteResult> stored;
        if (auto it = written.find(p->id); it != written.end()) {
          if (it->second) stored = WriteResult{false, "", *it->second};
        } else {
          Result<std::optional<WriteResult>> r = Stored(p->id);
          if (!r.ok()) return r.status();
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
        if (p->is_delete) {
          if (!stored) {
            p->out.error = Refused(NotFoundError("no initiative with id '" + p->id + "'"), {},
                                   "keine Initiative mit der id „" + p->id + "“");
            continue;
          }
          Remove(p->id, changed);
          written[p->id] = std::nullopt;
          p->out.value = WriteResult{};
        } else {
          Apply(*p->prepared, changed);
          written[p->id] = p->prepared->result.version;
          p->out.value = p->prepared->result;
          p->out.value->created = !stored;
        }
      }
      // A flushed transaction: applied whole at commit_transaction (which fsyncs, so every
      // write of the batch is durable before any is acknowledged) or, cancelled, not at all.
      Commit(changed);
      return Status::Ok();
    });
    if (s.ok()) return;
    Rollback();
    for (Pending* p : batch) {
      if (p->out.ok() || (p->out.error.status.ok() && !p->conflict)) {
        p->out = {std::nullopt, Refused(s)};
      }
    }
  }

  // After a failed write: drop what was not committed, so no later commit applies it.
  void Rollback() {
    try {
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // Not in a transaction: nothing pending.
    }
  }
};

LiveWriter::LiveWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LiveWriter::~LiveWriter() = default;

std::string LiveWriter::generation() const {
  std::lock_guard<std::timed_mutex> l(impl_->db_mu);
  return impl_->generation;
}

Result<std::unique_ptr<LiveWriter>> LiveWriter::Open(const std::string& index_dir) {
  Result<LockedIndex> locked = LockIndex(index_dir);
  if (!locked.ok()) return locked.status();
  auto impl = std::make_unique<Impl>();
  impl->lock.emplace(std::move(locked->lock));
  impl->index_dir = index_dir;
  if (Status s = impl->OpenGeneration(locked->current); !s.ok()) return s;
  return std::unique_ptr<LiveWriter>(new LiveWriter(std::move(impl)));
}

WriteOutcome<BuildReport> LiveWriter::Rebuild(std::istream& input, const BuildOptions& options) {
  // A second rebuild is refused like any other write while one runs.
  if (impl_->rebuilding.exchange(true)) return {std::nullopt, *impl_->RefusedNow(true)};
  Result<BuildReport> report = [&]() -> Result<BuildReport> {
    // Waits for the batch being committed; writers that come later are refused (LockForWrite).
    std::lock_guard<std::timed_mutex> d(impl_->db_mu);
    if (!impl_->broken.ok()) return impl_->broken;
    Result<BuildReport> r = BuildIndexLocked(input, impl_->index_dir, options, *impl_->lock);
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
  return {std::move(*report), {}};
}

Result<WriteResult> LiveWriter::Current(const std::string& id) {
  std::lock_guard<std::timed_mutex> l(impl_->db_mu);
  Result<std::optional<WriteResult>> stored = impl_->Stored(id);
  if (!stored.ok()) return stored.status();
  if (!*stored) return NotFoundError("no initiative with id '" + id + "'");
  return std::move(**stored);
}

WriteOutcome<WriteResult> LiveWriter::Put(const std::string& id, std::string_view json,
                                          std::string_view if_match) {
  // A body without an id takes the URL's (the codec requires one).
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  const std::string body = schemas::WithDefaultId(json, id);
  WriteOutcome<Impl::Prepared> prepared = impl_->Prepare(id, body);
  if (!prepared.ok()) return {std::nullopt, std::move(prepared.error)};
  Impl::Pending p;
  p.id = id;
  p.prepared = std::move(prepared.value);
  p.if_match = std::string(if_match);
  impl_->Submit(p);
  return std::move(p.out);
}

WriteOutcome<WriteResult> LiveWriter::Patch(const std::string& id, std::string_view merge_patch,
                                            std::string_view if_match) {
  if (auto e = impl_->RefusedNow()) return {std::nullopt, std::move(*e)};
  const schemas::MergePatch patch = schemas::ParseMergePatch(merge_patch);
  if (!patch.ok()) {
    return {std::nullopt,
            Refused(InvalidArgumentError("the merge patch is invalid"), {*patch.error})};
  }
  // Merged with the stored record as read, then written only if that is still the stored
  // version (another write in between: merge again with the new one).
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::unique_lock<std::timed_mutex> l;
    if (!impl_->LockForWrite(l)) return {std::nullopt, *impl_->RefusedNow(true)};
    Result<std::optional<WriteResult>> stored = impl_->Stored(id);
    l.unlock();
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
    p.prepared = std::move(prepared.value);
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
  std::unique_lock<std::timed_mutex> l;
  if (!impl_->LockForWrite(l)) return {std::nullopt, *impl_->RefusedNow(true)};
  if (!impl_->broken.ok()) return {std::nullopt, Refused(impl_->broken)};
  std::map<std::string, bool> exists;  // ids this bulk has written or deleted so far
  std::vector<ChangeFeed::DocId> changed;
  auto stored = [&](const std::string& id) -> Result<bool> {
    if (auto it = exists.find(id); it != exists.end()) return it->second;
    Result<std::optional<WriteResult>> s = impl_->Stored(id);
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
        WriteOutcome<Impl::Prepared> p = impl_->Prepare("", op.record);
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
  return {std::move(report), {}};
}

}  // namespace hilfsnetz::indexer
