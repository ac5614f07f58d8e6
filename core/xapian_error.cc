#include "core/xapian_error.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace hilfsnetz {

// Xapian::Error is not polymorphic (no dynamic_cast); get_type() names the concrete class.
Status StatusFromXapian(const Xapian::Error& e, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += e.get_description();
  const std::string_view type = e.get_type();
  if (type == "DatabaseNotFoundError" || type == "DocNotFoundError" ||
      type == "DatabaseOpeningError") {
    return NotFoundError(std::move(msg));
  }
  if (type == "DatabaseCorruptError") return DataLossError(std::move(msg));
  if (type == "DatabaseLockError" || type == "DatabaseModifiedError") {
    return UnavailableError(std::move(msg));
  }
  if (type == "DatabaseVersionError") return FailedPreconditionError(std::move(msg));
  // A full disk or quota: nothing of the failed commit was applied; it works again once there
  // is space, so try again later (not a bug).
  const std::string errno_text = e.get_error_string() ? e.get_error_string() : "";
  if (errno_text == std::strerror(ENOSPC) || errno_text == std::strerror(EDQUOT)) {
    return UnavailableError(std::string(context) + ": " + std::string(kDiskFull) + " (" +
                            e.get_description() + ")");
  }
  return InternalError(std::move(msg));
}

bool IsDiskFull(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message().find(kDiskFull) != std::string::npos;
}

bool IsRevisionDiscarded(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message().find(": DatabaseModifiedError") != std::string::npos;
}

}  // namespace hilfsnetz
