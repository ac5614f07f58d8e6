// IndexBuilder: the full build of an index directory from initiative JSON lines.
//
// Build() parses every line with schemas::ParseInitiative, analyses it (text::Analyzer),
// writes a NEW generation beside the live one and, only when every accepted record is
// committed, publishes it atomically (see core/index_layout.h). A server serving the
// directory keeps answering from the old generation until then.
//
// Rejected lines are reported (line number, field, reason) and skipped; the good ones are
// indexed. Duplicate ids: the later line wins and the earlier is reported as replaced.
//
// An input of more than BuildOptions::max_records_in_memory records is built in two passes
// over a spool file, its embedder trained on a sample (see there): the same documents, and
// memory that does not grow with the input.
//
// Thread-safety: one build per directory at a time. A build holds DIR/LOCK (BuildLock) from
// before it names its generation until it has published it and cleaned up; a second build,
// in this process or another, fails at once with FailedPrecondition and touches nothing.
// (Xapian's write lock covers one generation's database only, not the directory.)
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/build_lock.h"
#include "indexer/document_builder.h"
#include "schemas/initiative.h"

namespace hilfsnetz::indexer {

struct RejectedLine {
  uint64_t line = 0;
  schemas::FieldError error;
};

struct BuildReport {
  uint64_t lines = 0;
  uint64_t indexed = 0;
  std::vector<RejectedLine> rejected;
  std::string generation;  // name of the published generation ("": none, see publish_empty)
  double seconds = 0;
  // Records the embedder was trained on: all indexed ones, or an even sample of a larger
  // input (BuildOptions::max_records_in_memory); 0 when the index has no trained embedder.
  uint64_t trained_on = 0;
};

struct BuildOptions {
  // Called every `progress_every` lines with (lines read, indexed so far). May be empty.
  std::function<void(uint64_t, uint64_t)> progress;
  uint64_t progress_every = 1000;
  // Published generations kept besides the new one (older ones are deleted after publishing;
  // generations that were never published, left by a killed or failed build, always are).
  int keep_old_generations = 1;
  // Per-document options (document_builder.h).
  DocumentOptions document;
  // false: an input without one valid record publishes nothing (the report's generation is
  // "" and the live index stays as it was), so an empty or broken upload cannot empty it.
  bool publish_empty = true;
  // Accepted records held in memory at once, for the embedder's training (a build of 100,000
  // peaked at 1.7 GB). A larger input is spooled to a file in the
  // index directory (indexer/record_spool.h) and written in a second pass, with an embedder
  // trained on an even sample of this many records (every k-th): memory stays bounded
  // whatever the input's size. At most this many records, the build is as it always was.
  size_t max_records_in_memory = 100000;
  // Threads that write the documents of an in-memory build (0: one per core). With n > 1 the
  // records are cut into n contiguous runs of at least min_records_per_shard, each analysed
  // and written by its own thread into a database of its own, and the runs are then merged in
  // input order (Xapian's compaction): the same documents under the same docids as one writer
  // gives (Xapian's WritableDatabase takes one writer, and it bounds a one-thread build). A
  // spooled build has one writer.
  int write_threads = 0;
  size_t min_records_per_shard = 2000;
};

// Builds from `input` (JSON lines) into index_dir (created if missing).
// Errors: FailedPrecondition (another build holds DIR/LOCK), Internal / DataLoss on I/O
// failure; the live generation is untouched in every failure case.
Result<BuildReport> BuildIndex(std::istream& input, const std::string& index_dir,
                               const BuildOptions& options);

// The same for a process that already holds DIR/LOCK (`held`, e.g. the writer of a server
// that rebuilds through PUT /v1/initiatives); index_dir must exist.
Result<BuildReport> BuildIndexLocked(std::istream& input, const std::string& index_dir,
                                     const BuildOptions& options, const BuildLock& held);

}  // namespace hilfsnetz::indexer
