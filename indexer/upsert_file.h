// UpsertFromJsonl: `hilfsnetz index --mode upsert` — the records of a JSON-lines file applied
// to the live index (created or replaced by id; the others stay), through the LiveWriter that
// a server's PUT uses: the same validation, embedding and durable commits, one commit per
// kMaxBulkLines lines. Rejected lines are reported as a full build reports them (line, field,
// reason); the good ones are applied.
//
// Thread-safety: takes DIR/LOCK for the run (a running build or a server taking writes makes
// it fail at once with FailedPrecondition naming the holder's pid).
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/index_builder.h"

namespace hilfsnetz::indexer {

struct UpsertReport {
  uint64_t lines = 0;
  uint64_t added = 0;
  uint64_t replaced = 0;
  std::vector<RejectedLine> rejected;
  std::string generation;  // the live generation written into
  double seconds = 0;
};

// Errors: NotFound (no index in index_dir yet: build one first), FailedPrecondition (another
// writer; an index of another analyser version), Internal on I/O. Records of chunks committed
// before an error stay applied.
Result<UpsertReport> UpsertFromJsonl(std::istream& input, const std::string& index_dir);

}  // namespace hilfsnetz::indexer
