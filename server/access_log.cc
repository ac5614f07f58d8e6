#include "server/access_log.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

namespace hilfsnetz::server {
namespace {

// "2026-12-05T21:30:00.123Z"
std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& destination,
                                                   bool log_queries) {
  if (destination == "-")
    return std::unique_ptr<AccessLog>(new AccessLog(stdout, false, log_queries));
  std::FILE* f = std::fopen(destination.c_str(), "a");
  if (!f)
    return InvalidFieldError("access-log",
                             "cannot open " + destination + ": " + std::strerror(errno));
  return std::unique_ptr<AccessLog>(new AccessLog(f, true, log_queries));
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(out_);
}

void AccessLog::Write(const HttpRequest& request, const HttpResponse& response, double seconds,
                      size_t bytes_sent) {
  nlohmann::json line = {
      {"time", UtcNow()},
      {"method", request.method},
      {"route", response.route},
      {"path", request.path},
      {"status", response.status},
      {"latency_ms", static_cast<double>(static_cast<int64_t>(seconds * 1e6)) / 1000.0},
      {"bytes", bytes_sent},
  };
  if (log_queries_) {
    const size_t q = request.target.find('?');
    if (q != std::string::npos) line["query"] = request.target.substr(q + 1);
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mu_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace hilfsnetz::server
