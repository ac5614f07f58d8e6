// Status: the outcome of an operation, as a value (errors are values inside hilfsnetz).
//
// A Status is either OK or carries a canonical code and a message. Codes are the engine's
// vocabulary only: the HTTP mapping lives in server/ (one table), the exit-code mapping in
// app/. Cheap to copy when OK. Modelled on absl::Status and leveldb::Status.
//
//   Status s = index.Open(dir);
//   if (!s.ok()) return s;
//
// Thread-safety: a Status is a value; distinct objects may be used from distinct threads.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace hilfsnetz {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad record, bad query parameter)
  kNotFound,         // the named thing does not exist (initiative id, index directory)
  kAlreadyExists,
  kFailedPrecondition,  // the system is not in a state to do this (analyser version mismatch)
  kResourceExhausted,   // too much load or input (admission control, request size)
  kUnavailable,         // try again later (index not open yet)
  kDataLoss,            // stored data is damaged
  kUnauthenticated,
  kPermissionDenied,
  kInternal,  // a bug in hilfsnetz
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  // An error about one field of the caller's input (a query parameter, a body field): the
  // field travels as data, so the HTTP layer names it without parsing the message.
  Status(StatusCode code, std::string message, std::string field)
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error concerns ("radius_km", "vector"); "" when none.
  const std::string& field() const { return field_; }

  // "INVALID_ARGUMENT: message" ("INVALID_ARGUMENT: field: message" with a field), or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>"; OK stays OK.
  Status WithContext(std::string_view prefix) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.field_ == b.field_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline std::ostream& operator<<(std::ostream& os, const Status& s) { return os << s.ToString(); }

Status InvalidArgumentError(std::string message);
// InvalidArgument about input field `field`: "field: message" in ToString, field() for HTTP.
Status InvalidFieldError(std::string field, std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status ResourceExhaustedError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);
Status InternalError(std::string message);

}  // namespace hilfsnetz
