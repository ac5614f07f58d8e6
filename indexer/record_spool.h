// RecordSpool: the accepted records of a build too large to hold in memory (more than
// BuildOptions::max_records_in_memory), kept in a file until the build has written them.
//
// One line per record: its input line number, a tab and its canonical JSON
// (schemas::SerializeInitiative: one line, no raw tab or newline), read back in order with
// schemas::ParseInitiative. The file lives in the index directory (the same file system as the
// generations, which are of about the size of the input anyway) under one fixed name: a build
// holds DIR/LOCK, so no two spools of one directory exist at once, and a spool a killed build
// left behind is truncated by the next one. The destructor removes the file.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "core/result.h"
#include "schemas/initiative.h"

namespace hilfsnetz::indexer {

inline constexpr std::string_view kSpoolFile = "build-spool.tmp";

class RecordSpool {
 public:
  // Creates (or truncates) DIR/build-spool.tmp.
  static Result<std::unique_ptr<RecordSpool>> Create(const std::string& index_dir);
  ~RecordSpool();
  RecordSpool(const RecordSpool&) = delete;
  RecordSpool& operator=(const RecordSpool&) = delete;

  Status Append(uint64_t line, const schemas::Initiative& record);
  // Ends the writing (flushes); then Rewind and Next read the records back in order.
  Status Finish();

  // Starts reading at the first record again.
  Status Rewind();
  // Steps to the next record: true and its input line number in `line`; false at the end or
  // on an error (then status() says which).
  bool Next(uint64_t& line);
  // The record Next stepped to, parsed (only the records a pass needs are). False when it no
  // longer parses: status() is then DataLoss naming its line.
  bool Read(schemas::Initiative& record);
  const Status& status() const { return status_; }

 private:
  explicit RecordSpool(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::ofstream out_;
  std::ifstream in_;
  std::string buffer_;
  uint64_t line_ = 0;
  Status status_;
};

}  // namespace hilfsnetz::indexer
