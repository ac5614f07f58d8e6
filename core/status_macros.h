// Macros to pass errors up: HN_RETURN_IF_ERROR(expr) and HN_ASSIGN_OR_RETURN(lhs, expr).
#pragma once

#include "core/result.h"
#include "core/status.h"

#define HN_CONCAT_INNER_(a, b) a##b
#define HN_CONCAT_(a, b) HN_CONCAT_INNER_(a, b)

#define HN_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::hilfsnetz::Status hn_status_ = (expr); \
    if (!hn_status_.ok()) return hn_status_; \
  } while (0)

#define HN_ASSIGN_OR_RETURN(lhs, expr) \
  HN_ASSIGN_OR_RETURN_IMPL_(HN_CONCAT_(hn_result_, __LINE__), lhs, expr)
#define HN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
