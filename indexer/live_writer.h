// LiveWriter: single-record writes (create or replace, merge patch, delete) into the live
// generation of an index directory, for a server that takes writes.
//
// A write is validated by the indexer's codec (schemas::ParseInitiative: the same checks and
// derived fields as `hilfsnetz index`), embedded as the index embeds (the generation's trained
// embedder, or the record's own vector of the index's dimension when the index holds provided
// vectors) and built by the indexer's BuildDocument.
//
// Durability: a write returns OK once its entry is in the generation's write-ahead log and
// fdatasync'ed (indexer/write_log.h); the writes that arrive together share one append and one
// fdatasync (group commit). It survives kill -9 and a power cut from then on: a flusher thread
// applies logged writes to the Xapian database in batches, one commit each (at most
// WriterOptions::refresh_interval after the first of them, at once when someone waits for
// visibility), and opening the generation again replays what a crash left in the log. A write
// that did not return OK is in neither (a failed append is cut off the log).
//
// Visibility: searches see a write once its batch is committed and the commit published (a
// second thread builds its search snapshot, WriterOptions::after_commit, while the flusher
// goes on with the next commit), within refresh_interval plus one commit, or two commits when
// the flusher is busy: writes logged while a commit runs are committed right after it when
// they have waited the interval by then. While the oldest logged write that no commit has taken has
// waited an interval, new writes wait before they are logged, so acknowledgements cannot run far
// ahead of the commits. WaitVisible(seq) waits for visibility (`?refresh=wait`). The record itself
// is visible at once to Current and Pending (a realtime GET, as Elasticsearch's GET reads its
// translog) and to every later write's checks (If-Match, created, not found).
//
// A record's version is a digest of its canonical JSON (SerializeInitiative): it changes when
// and only when the stored record does, needs no counter that a rebuild would reset, and is
// what ETag and If-Match carry. A conditional write compares it in the group commit's leader,
// which decides the writes of its group in order, so two writers to one id cannot both
// succeed against the same version.
//
// The writer holds DIR/LOCK (BuildLock) for its whole life: one writing process per index
// directory; `hilfsnetz index` into it fails at once naming the holder's pid. A full rebuild
// goes through the writer (Rebuild; PUT /v1/initiatives), which refuses writes meanwhile.
// Bulk writes and rebuilds first apply what the log holds, then commit directly.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "indexer/index_builder.h"
#include "schemas/codec/write_codec.h"
#include "schemas/initiative.h"

namespace hilfsnetz::indexer {

struct WriteResult {
  bool created = false;  // the id had no record before
  std::string json;      // the stored record's canonical JSON (absent for a delete)
  std::string version;   // its version (RecordVersion of json)
  uint64_t seq = 0;      // the write's log sequence number (WaitVisible), 0 for a bulk line
};

struct WriterOptions {
  // How long a logged write waits at most for its batch to be committed (and so to be seen by
  // searches) when nobody asks for it sooner: fewer, larger commits under load, and fewer
  // cache refreshes for the searchers. Elasticsearch refreshes every second by default.
  std::chrono::milliseconds refresh_interval{250};
  // Called on the writer's publisher thread after each commit of logged writes (while the
  // flusher may already run the next commit), before they count as visible
  // (WaitVisible) and before the realtime overlay lets go of them, and after a bulk write's
  // commit and a published rebuild, before they are answered: the server builds the new
  // revision's search snapshot here, so that searches keep the previous revision until it is
  // ready instead of waiting for it (ranking/index_snapshot.h). May be empty.
  std::function<void()> after_commit;
};

// Why a write was refused. `status`: InvalidArgument (the record or patch is invalid: see
// `fields`), NotFound (no record with this id, for PATCH and DELETE), FailedPrecondition (an
// If-Match version that is not the stored one), Unavailable / Internal (I/O).
struct WriteError {
  Status status;
  std::vector<schemas::FieldError> fields;  // for InvalidArgument: every problem found
  std::string de;         // the status message in German, where the writer words it itself
  int retry_after_s = 0;  // > 0 for Unavailable: when to try again (a rebuild runs)
};

template <typename T>
struct WriteOutcome {
  std::optional<T> value;
  WriteError error;  // meaningful when !value
  bool ok() const { return value.has_value(); }
};

// One line of a bulk write (LiveWriter::Bulk).
struct BulkLine {
  enum class Result { kAdded, kReplaced, kDeleted, kNotFound, kRejected };
  uint64_t line = 0;  // 1-based
  std::string id;     // "" when the line named none
  Result result = Result::kRejected;
  std::string version;                      // for kAdded and kReplaced
  std::vector<schemas::FieldError> errors;  // for kRejected: "upsert.title", "delete", "" …
};

struct BulkReport {
  std::vector<BulkLine> lines;  // one per non-blank line, in order
  uint64_t added = 0, replaced = 0, deleted = 0, not_found = 0, rejected = 0;
};

// At most this many lines per bulk write (a 400 names the count): one commit holds them all.
inline constexpr uint64_t kMaxBulkLines = 10000;

// The version of a stored record: the first 16 bytes of SHA-256 of its canonical JSON, hex.
std::string RecordVersion(std::string_view canonical_json);

// What the writer has done, for /metrics.
struct WriterStats {
  uint64_t pending = 0;            // logged writes not yet committed
  uint64_t commits = 0;            // flusher commits of logged writes
  uint64_t commit_failures = 0;    // failed ones (a full disk), retried
  double commit_seconds = 0;       // their total time
  double last_commit_seconds = 0;  // the last one's
  uint64_t last_commit_writes = 0;
  double after_commit_seconds = 0;  // total time of WriterOptions::after_commit (the snapshot)
                                    // after flusher commits, bulk writes and rebuilds
};

class LiveWriter {
 public:
  // Takes DIR/LOCK, opens the generation DIR/CURRENT names for writing and loads its
  // embedder. Errors: FailedPrecondition (another writer holds the lock), NotFound (no index
  // yet), FailedPrecondition (an index of another analyser or format version: rebuild it).
  // Replays what the generation's write log holds beyond the database (a crash) before it
  // returns; Errors also: DataLoss when the log is damaged before its newest entry.
  static Result<std::unique_ptr<LiveWriter>> Open(const std::string& index_dir,
                                                  WriterOptions options = {});
  // Applies what the log holds (best effort: what it cannot apply stays logged and is
  // replayed by the next Open).
  ~LiveWriter();

  // Creates or replaces the record `id` with `json` (a whole record; an `id` in it must equal
  // `id`, a missing one is taken from `id`). `if_match`: empty, or the version the stored
  // record must have ("*": any stored record).
  WriteOutcome<WriteResult> Put(const std::string& id, std::string_view json,
                                std::string_view if_match);
  // Applies a JSON Merge Patch (RFC 7396) to the stored record and stores the result, which
  // is validated as a whole (a patch that removes `title` is refused).
  WriteOutcome<WriteResult> Patch(const std::string& id, std::string_view merge_patch,
                                  std::string_view if_match);
  // Deletes the record `id`.
  WriteOutcome<WriteResult> Delete(const std::string& id, std::string_view if_match);

  // NDJSON lines `{"upsert": {record}}` or `{"delete": "id"}`, applied in order in ONE commit:
  // good lines are applied, bad ones reported per line (the indexer's field errors, prefixed
  // "upsert."), a delete of an absent id reported as not found. A later line for the same id
  // sees the earlier one's result. Errors (nothing applied): InvalidArgument for more than
  // kMaxBulkLines lines (in `fields`, field ""), Unavailable / Internal when the commit fails.
  WriteOutcome<BulkReport> Bulk(std::string_view ndjson);
  // The same for lines already read (schemas::ParseBulkLine, or a file's records as upserts):
  // no line limit.
  WriteOutcome<BulkReport> ApplyBulk(std::vector<schemas::BulkOp> ops);

  // The stored record's canonical JSON and version, logged writes included; NotFound when
  // absent.
  Result<WriteResult> Current(const std::string& id);

  // A logged write of `id` not yet committed to the database: nullopt when there is none
  // (read the database), a WriteResult without json when it is a delete. Cheap: no I/O.
  std::optional<WriteResult> Pending(const std::string& id) const;

  // Waits until the write `seq` is committed, so that every search started afterwards sees
  // it, and asks the flusher to commit at once. False when that commit failed (a full disk:
  // the write stays logged and durable, and is applied once commits work again; new writes
  // are refused until then) or after `timeout`.
  bool WaitVisible(uint64_t seq, std::chrono::milliseconds timeout);

  // A full rebuild from `input` (the indexer's JSON lines: BuildIndex with the lock this
  // writer holds), then writes go to the new generation. While it runs, every write is
  // refused with Unavailable (retry_after_s set) rather than lost, also one that was already
  // waiting for the database when it began (none waits behind a build): a write acknowledged
  // before the rebuild is in the old generation and replaced by the file, as `hilfsnetz
  // index` would; none is acknowledged in between. Errors: Unavailable with retry_after_s (a
  // rebuild already runs), those of BuildIndex (the live generation untouched; a full disk
  // worded in German too), Internal when the new generation was published but cannot be
  // opened (every later write is refused).
  WriteOutcome<BuildReport> Rebuild(std::istream& input, const BuildOptions& options);

  WriterStats Stats() const;
  // How many logged writes Open applied from the log (a crash left them there).
  uint64_t replayed() const;

  // The generation writes go to.
  std::string generation() const;

 private:
  struct Impl;
  explicit LiveWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hilfsnetz::indexer
