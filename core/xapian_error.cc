#include "core/xapian_error.h"

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
  return InternalError(std::move(msg));
}

bool IsRevisionDiscarded(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message().find(": DatabaseModifiedError") != std::string::npos;
}

}  // namespace hilfsnetz
