// AccessLog: one JSON line per answered request — time, method, route, path, status, latency,
// bytes — to stdout or a file. What newcomers search for is personal: the query string is
// logged only when the operator asks for it (--log-queries), request bodies never.
//
// Thread-safety: Write is thread-safe (lines never interleave).
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "server/http_message.h"

namespace hilfsnetz::server {

class AccessLog {
 public:
  // `destination`: "-" for stdout, else a file appended to (created if missing).
  static Result<std::unique_ptr<AccessLog>> Open(const std::string& destination, bool log_queries);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Write(const HttpRequest& request, const HttpResponse& response, double seconds,
             size_t bytes_sent);

 private:
  AccessLog(std::FILE* out, bool owned, bool log_queries)
      : out_(out), owned_(owned), log_queries_(log_queries) {}
  std::mutex mu_;
  std::FILE* out_;
  bool owned_;
  bool log_queries_;
};

}  // namespace hilfsnetz::server
