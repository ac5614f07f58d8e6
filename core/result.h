// Result<T>: a T or a non-OK Status, shaped like absl::StatusOr (C++20 has no std::expected).
//
//   Result<Index> r = Index::Open(dir);
//   if (!r.ok()) return r.status();
//   Index& index = *r;
//
// REQUIRES: value(), operator* and operator-> only on ok() results (checked: calling them on
// an error aborts, as it is a bug in the caller, never a user error).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/status.h"

namespace hilfsnetz {

template <typename T>
class [[nodiscard]] Result {
 public:
  // An error; REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = InternalError("Result constructed from OK status without value");
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    Check();
    return *value_;
  }
  const T& value() const& {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Check() const {
    if (!value_.has_value()) {
      std::fprintf(stderr, "Result::value() on error: %s\n", status_.ToString().c_str());
      std::abort();
    }
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace hilfsnetz
