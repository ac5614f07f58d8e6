// Metrics: the server's counters and histograms, rendered in the Prometheus text exposition
// format (version 0.0.4) for GET /metrics. Label values come from a fixed set (route
// templates, known methods, status codes), never from request text, so the number of series
// stays bounded whatever clients send.
//
// Thread-safety: every method is thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "indexer/live_writer.h"
#include "ranking/index_snapshot.h"
#include "server/result_cache.h"

namespace hilfsnetz::server {

// Values read at scrape time from the parts that own them.
struct MetricsSnapshot {
  size_t open_connections = 0;
  uint64_t accepted_connections = 0;
  uint64_t documents = 0;
  uint64_t generation = 0;
  size_t workers = 0;
  size_t queued_or_running = 0;
  std::optional<indexer::WriterStats> writer;  // when the server takes writes
  ranking::IndexSnapshot::Stats snapshots;
  std::optional<ResultCache::Stats> result_cache;  // when the server keeps search answers
};

class Metrics {
 public:
  // Upper bounds (seconds) of the latency buckets: 0.5 ms to 5 s.
  static constexpr std::array<double, 13> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  // One answered request: `route` is its template ("/v1/initiatives/{id}") or "unmatched".
  void ObserveRequest(std::string_view route, std::string_view method, int status, double seconds,
                      size_t response_bytes);
  // How long a request waited for a free searcher; `got_one` false when it gave up (503).
  void ObserveSearcherWait(double seconds, bool got_one);
  // A request refused before it ran: "overloaded" (queue full) or "deadline" (timed out).
  void CountShed(std::string_view reason);

  std::atomic<int64_t> in_flight{0};

  std::string Render(const MetricsSnapshot& now) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // non-cumulative
    uint64_t count = 0;
    double sum = 0;
    void Observe(double v);
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                                // guarded by mu_
  std::map<std::string, uint64_t> response_bytes_;                          // guarded by mu_
  Histogram searcher_wait_;                                                 // guarded by mu_
  uint64_t searcher_timeouts_ = 0;                                          // guarded by mu_
  std::map<std::string, uint64_t> shed_;                                    // guarded by mu_
};

// A method as a label: the ones HTTP defines, else "other".
std::string_view MethodLabel(std::string_view method);

}  // namespace hilfsnetz::server
