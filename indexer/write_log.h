// WriteLog: the write-ahead log of a served generation. A write is acknowledged once its
// entry is in this log and fdatasync'ed; it reaches the Xapian database later, in a batch
// with the writes around it (LiveWriter's flusher), and a crash in between is repaired by
// replaying the log when the generation is next opened for writing. This is how
// Elasticsearch's translog and LevelDB's log make a durable write cheap: one small append
// and one fdatasync, shared by every write of a group commit, instead of a database commit
// that rewrites B-tree blocks and fsyncs each table.
//
// Files: DIR/<generation>/writes-NNNNNNNNNN.log, each an 8-byte magic then entries
//   [u32 payload length][u32 CRC-32 of payload][payload: u64 seq, u8 kind, u32 id length,
//    id, JSON (the rest)]
// little-endian. Sequence numbers grow by one per write across files and restarts; the
// database's metadata kMetaAppliedSeq says which are in it, so replay skips those.
//
// A torn tail of the newest file (a crash during an append that was never acknowledged) is
// cut off on open. Damage anywhere else is DataLoss: acknowledged writes would be missing,
// and the writer refuses to open rather than serve without them.
//
// Not thread-safe: LiveWriter serialises Append and Rotate (its log mutex).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hilfsnetz::indexer {

// The database metadata key holding the last sequence number applied to it ("" = 0).
inline constexpr std::string_view kMetaAppliedSeq = "hilfsnetz.applied_write_seq";

struct LogEntry {
  enum class Kind : uint8_t { kUpsert = 1, kDelete = 2 };
  uint64_t seq = 0;
  Kind kind = Kind::kUpsert;
  std::string id;
  std::string json;  // the record's canonical JSON for an upsert; "" for a delete
};

class WriteLog {
 public:
  // Reads every log file of `generation_dir` (in order) into `entries`, cuts a torn tail off
  // the newest, and opens a new file for appending. Errors: DataLoss naming the file and
  // byte offset of damage before the newest file's tail; Internal/Unavailable for I/O.
  static Result<WriteLog> Open(const std::string& generation_dir, std::vector<LogEntry>* entries);

  WriteLog(WriteLog&& other) noexcept;
  WriteLog& operator=(WriteLog&& other) noexcept;
  WriteLog(const WriteLog&) = delete;
  WriteLog& operator=(const WriteLog&) = delete;
  ~WriteLog();

  // The number of bytes of entries in the generation's log files (0: nothing to replay),
  // read without opening the log: for a process that will not write (a server without write
  // keys), to say that acknowledged writes wait for a writer to apply them.
  static uint64_t PendingBytes(const std::string& generation_dir);

  // Appends the entries and fdatasyncs: on OK they survive a crash and a power cut. On an
  // error (a full disk: IsDiskFull) the file is cut back to where it was, so nothing of them
  // is replayed; when even that fails the log is broken and every later call fails.
  Status Append(const std::vector<LogEntry>& entries);

  // Starts a new file for the appends after this; the directory entry is made durable.
  Status Rotate();

  // Deletes the files that hold only entries with seq <= applied (the newest file stays).
  void DropApplied(uint64_t applied);

  // The bytes of the file appended to (its magic included).
  uint64_t tail_bytes() const { return size_; }

  // The number of files (for tests).
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string path;
    uint64_t max_seq = 0;  // 0: no entry
  };
  WriteLog() = default;
  Status OpenNewFile();

  std::string dir_;
  std::vector<File> files_;  // oldest first; the last is appended to
  int fd_ = -1;
  uint64_t size_ = 0;  // of the last file
  uint64_t next_number_ = 1;
  Status broken_;
};

}  // namespace hilfsnetz::indexer
