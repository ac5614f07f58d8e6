// RollBack: `hilfsnetz index --rollback` — publishes the newest complete generation older than
// the live one, e.g. after a rebuild from a bad export. "Complete" means a database Xapian
// opens with this build's analyser and format versions (a generation a killed build left
// behind is not). The generation rolled back from stays on disk until the next build's
// clean-up.
//
// Thread-safety: takes DIR/LOCK (fails at once while a build or a server taking writes holds it).
#pragma once

#include <string>

#include "core/result.h"

namespace hilfsnetz::indexer {

struct RollbackReport {
  std::string from;  // the generation that was live
  std::string to;    // the generation now live
};

// Errors: NotFound (no index, or no complete older generation to roll back to),
// FailedPrecondition (another writer holds the lock), Internal on I/O.
Result<RollbackReport> RollBack(const std::string& index_dir);

}  // namespace hilfsnetz::indexer
