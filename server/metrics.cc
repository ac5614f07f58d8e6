#include "server/metrics.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace hilfsnetz::server {
namespace {

// Label values are route templates and known words; escaped anyway as the format requires.
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void Header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

// Resident set size from /proc/self/statm (pages), 0 where there is none.
uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

const double kStartTime = [] {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}();

}  // namespace

std::string_view MethodLabel(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return m;
  }
  return "other";
}

void Metrics::Histogram::Observe(double v) {
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (v <= kBuckets[i]) {
      ++counts[i];
      break;
    }
  }
  ++count;
  sum += v;
}

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status,
                             double seconds, size_t response_bytes) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), std::string(MethodLabel(method)), status}];
  latency_[std::string(route)].Observe(seconds);
  response_bytes_[std::string(route)] += response_bytes;
}

void Metrics::ObserveSearcherWait(double seconds, bool got_one) {
  std::lock_guard lock(mu_);
  searcher_wait_.Observe(seconds);
  if (!got_one) ++searcher_timeouts_;
}

void Metrics::CountShed(std::string_view reason) {
  std::lock_guard lock(mu_);
  ++shed_[std::string(reason)];
}

std::string Metrics::Render(const MetricsSnapshot& now) const {
  std::ostringstream out;
  auto histogram = [&](const std::string& name, const std::string& labels, const Histogram& h) {
    uint64_t cumulative = 0;
    const std::string sep = labels.empty() ? "" : ",";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out << name << "_bucket{" << labels << sep << "le=\"" << Number(kBuckets[i]) << "\"} "
          << cumulative << '\n';
    }
    out << name << "_bucket{" << labels << sep << "le=\"+Inf\"} " << h.count << '\n';
    const std::string braces = labels.empty() ? "" : "{" + labels + "}";
    out << name << "_sum" << braces << ' ' << Number(h.sum) << '\n';
    out << name << "_count" << braces << ' ' << h.count << '\n';
  };
  std::lock_guard lock(mu_);
  Header(out, "hilfsnetz_http_requests_total", "counter",
         "HTTP requests answered, by route, method and status.");
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "hilfsnetz_http_requests_total{route=\"" << Escape(route) << "\",method=\"" << method
        << "\",status=\"" << status << "\"} " << n << '\n';
  }
  Header(out, "hilfsnetz_http_request_duration_seconds", "histogram",
         "Time from a request's complete header to its answer, by route.");
  for (const auto& [route, h] : latency_) {
    histogram("hilfsnetz_http_request_duration_seconds", "route=\"" + Escape(route) + "\"", h);
  }
  Header(out, "hilfsnetz_http_response_bytes_total", "counter",
         "Response body bytes sent (before compression), by route.");
  for (const auto& [route, n] : response_bytes_) {
    out << "hilfsnetz_http_response_bytes_total{route=\"" << Escape(route) << "\"} " << n << '\n';
  }
  Header(out, "hilfsnetz_http_requests_in_flight", "gauge",
         "Requests being handled or waiting for a worker.");
  out << "hilfsnetz_http_requests_in_flight " << in_flight.load() << '\n';
  Header(out, "hilfsnetz_http_requests_shed_total", "counter",
         "Requests refused with 503 before they ran: overloaded (queue full) or deadline (waited "
         "too long).");
  for (const char* reason : {"deadline", "overloaded"}) {
    auto it = shed_.find(reason);
    out << "hilfsnetz_http_requests_shed_total{reason=\"" << reason << "\"} "
        << (it == shed_.end() ? 0 : it->second) << '\n';
  }
  Header(out, "hilfsnetz_searcher_wait_seconds", "histogram",
         "Time a request waited for a free searcher.");
  histogram("hilfsnetz_searcher_wait_seconds", "", searcher_wait_);
  Header(out, "hilfsnetz_searcher_wait_timeouts_total", "counter",
         "Requests answered 503 because no searcher became free in time.");
  out << "hilfsnetz_searcher_wait_timeouts_total " << searcher_timeouts_ << '\n';
  Header(out, "hilfsnetz_workers", "gauge",
         "Worker threads that run requests (one searcher each).");
  out << "hilfsnetz_workers " << now.workers << '\n';
  Header(out, "hilfsnetz_http_open_connections", "gauge", "Open client connections.");
  out << "hilfsnetz_http_open_connections " << now.open_connections << '\n';
  Header(out, "hilfsnetz_http_connections_total", "counter", "Client connections accepted.");
  out << "hilfsnetz_http_connections_total " << now.accepted_connections << '\n';
  Header(out, "hilfsnetz_index_documents", "gauge", "Initiatives in the served index generation.");
  out << "hilfsnetz_index_documents " << now.documents << '\n';
  Header(out, "hilfsnetz_index_generation", "gauge", "Number of the served index generation.");
  out << "hilfsnetz_index_generation " << now.generation << '\n';
  Header(out, "hilfsnetz_index_snapshots_total", "counter",
         "Per-revision snapshots of facet columns and embeddings shared by the searchers: built "
         "from every document, patched from the previous revision's, or found built by a "
         "searcher that came later.");
  out << "hilfsnetz_index_snapshots_total{how=\"built\"} " << now.snapshots.built << '\n';
  out << "hilfsnetz_index_snapshots_total{how=\"patched\"} " << now.snapshots.patched << '\n';
  out << "hilfsnetz_index_snapshots_total{how=\"shared\"} " << now.snapshots.shared << '\n';
  Header(out, "hilfsnetz_browse_indexes_total", "counter",
         "Bitset indexes of a revision for searches without words: built from every filter "
         "term, or patched from an earlier revision's.");
  out << "hilfsnetz_browse_indexes_total{how=\"built\"} " << now.snapshots.browse_built << '\n';
  out << "hilfsnetz_browse_indexes_total{how=\"patched\"} " << now.snapshots.browse_patched << '\n';
  if (now.writer) {
    const indexer::WriterStats& w = *now.writer;
    Header(out, "hilfsnetz_write_log_pending", "gauge",
           "Writes acknowledged (in the write log) and not yet committed to the index.");
    out << "hilfsnetz_write_log_pending " << w.pending << '\n';
    Header(out, "hilfsnetz_write_commits_total", "counter",
           "Commits of logged writes to the index, failed ones included.");
    out << "hilfsnetz_write_commits_total " << w.commits << '\n';
    Header(out, "hilfsnetz_write_commit_failures_total", "counter",
           "Failed commits of logged writes (e.g. a full disk); they are retried.");
    out << "hilfsnetz_write_commit_failures_total " << w.commit_failures << '\n';
    Header(out, "hilfsnetz_write_commit_seconds_total", "counter",
           "Time spent committing logged writes to the index.");
    out << "hilfsnetz_write_commit_seconds_total " << Number(w.commit_seconds) << '\n';
    Header(out, "hilfsnetz_write_last_commit_seconds", "gauge",
           "Duration of the last commit of logged writes.");
    out << "hilfsnetz_write_last_commit_seconds " << Number(w.last_commit_seconds) << '\n';
    Header(out, "hilfsnetz_write_last_commit_writes", "gauge",
           "Writes in the last commit of logged writes.");
    out << "hilfsnetz_write_last_commit_writes " << w.last_commit_writes << '\n';
    Header(out, "hilfsnetz_write_snapshot_seconds_total", "counter",
           "Time spent building each commit's search snapshot before its writes count as visible.");
    out << "hilfsnetz_write_snapshot_seconds_total " << Number(w.after_commit_seconds) << '\n';
  }
  if (now.result_cache) {
    const ResultCache::Stats& c = *now.result_cache;
    Header(out, "hilfsnetz_result_cache_lookups_total", "counter",
           "Searches and suggestions looked up in the result cache (serve --result-cache-mb): "
           "answered from it (hit) or run (miss).");
    out << "hilfsnetz_result_cache_lookups_total{result=\"hit\"} " << c.hits << '\n';
    out << "hilfsnetz_result_cache_lookups_total{result=\"miss\"} " << c.misses << '\n';
    Header(out, "hilfsnetz_result_cache_evictions_total", "counter",
           "Answers dropped from the result cache: for its size, or because the index changed.");
    out << "hilfsnetz_result_cache_evictions_total " << c.evictions << '\n';
    Header(out, "hilfsnetz_result_cache_entries", "gauge", "Answers in the result cache.");
    out << "hilfsnetz_result_cache_entries " << c.entries << '\n';
    Header(out, "hilfsnetz_result_cache_bytes", "gauge",
           "Bytes of the answers in the result cache.");
    out << "hilfsnetz_result_cache_bytes " << c.bytes << '\n';
  }
  Header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out << "process_resident_memory_bytes " << ResidentBytes() << '\n';
  Header(out, "process_start_time_seconds", "gauge",
         "Start time of the process since the Unix epoch in seconds.");
  out << "process_start_time_seconds " << Number(kStartTime) << '\n';
  return out.str();
}

}  // namespace hilfsnetz::server
