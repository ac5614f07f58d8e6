// The one adapter from Xapian's exceptions to Status.
//
// Xapian reports through an exception hierarchy: LogicError means a bug in our use of the
// API (-> kInternal); RuntimeError means data or environment: DatabaseNotFoundError and
// DocNotFoundError -> kNotFound, DatabaseCorruptError -> kDataLoss, DatabaseLockError ->
// kUnavailable (another writer holds the lock), DatabaseModifiedError -> kUnavailable (the
// caller should reopen() and retry), a full disk or quota (ENOSPC, EDQUOT) -> kUnavailable
// (IsDiskFull), the rest -> kInternal.
#pragma once

#include <exception>
#include <string_view>

#include "core/status.h"

namespace Xapian {
class Error;
}

namespace hilfsnetz {

Status StatusFromXapian(const Xapian::Error& e, std::string_view context);

// In the message of a Status from a full disk.
inline constexpr std::string_view kDiskFull = "no space left on the device that holds the index";
bool IsDiskFull(const Status& status);

// True for the Status of a DatabaseModifiedError (a writer's commits discarded the revision
// being read): reopen the database and retry.
bool IsRevisionDiscarded(const Status& status);

// Runs fn(); converts a thrown Xapian::Error or std::exception into a Status. fn returns
// Status. Use at the edge of every function that calls into Xapian.
template <typename Fn>
Status GuardXapian(std::string_view context, Fn&& fn);

}  // namespace hilfsnetz

#include <xapian.h>

namespace hilfsnetz {
template <typename Fn>
Status GuardXapian(std::string_view context, Fn&& fn) {
  try {
    return fn();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, context);
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError(std::string(context) + ": out of memory");
  } catch (const std::exception& e) {
    return InternalError(std::string(context) + ": " + e.what());
  }
}
}  // namespace hilfsnetz
