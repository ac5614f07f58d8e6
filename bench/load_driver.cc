// load_driver: closed-loop HTTP load against `hilfsnetz serve`, replaying a query workload.
//
//   load_driver --port 8080 [--host 127.0.0.1] [--clients 8] [--seconds 20] [--warmup 2]
//       --workload bench/workloads/queries.txt [--facets district,need,topic,language]
//       [--wait-ready 30] [--zipf S]
//
// Each client is one thread with one keep-alive connection (httplib::Client), sending
// GET /v1/search?q=<query>[&facets=...] as soon as the previous answer arrived; client i
// starts at query i * (number of queries / clients) and walks the workload round robin.
// --zipf S > 0 draws each query instead, the workload's k-th line with probability ∝ 1/k^S
// (a portal's stream: a few queries typed by many, a long tail; seeded by the client's number,
// so runs repeat), to measure the server's result cache (serve --result-cache-mb).
// The first --warmup seconds are not counted. Prints requests/s (successful answers over the
// measured seconds; answers of any status beside it), p50/p99/max latency of successful
// requests, and the error count
// split into 503 (admission control said "busy"), other statuses and transport failures.
// Exit status: 0 when no errors, 1 when some, 2 on bad usage or a server that never got ready.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace hilfsnetz::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  std::string host = "127.0.0.1";
  int port = 0;
  int clients = 8;
  double seconds = 20;
  double warmup = 2;
  double wait_ready = 0;
  std::string workload;
  std::string facets;
  double zipf = 0;  // 0: round robin
};

struct ClientStats {
  std::vector<double> latencies_ms;  // successful (2xx) requests in the measured window
  uint64_t requests = 0;             // answered requests in the window, any status
  uint64_t busy = 0;                 // 503
  uint64_t bad_status = 0;           // other non-2xx
  uint64_t transport = 0;            // no answer (connection refused, reset, timeout)
};

bool ParseFlags(int argc, char** argv, Flags& f) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--host")
      f.host = v;
    else if (a == "--port")
      f.port = std::stoi(v);
    else if (a == "--clients")
      f.clients = std::stoi(v);
    else if (a == "--seconds")
      f.seconds = std::stod(v);
    else if (a == "--warmup")
      f.warmup = std::stod(v);
    else if (a == "--wait-ready")
      f.wait_ready = std::stod(v);
    else if (a == "--workload")
      f.workload = v;
    else if (a == "--facets")
      f.facets = v;
    else if (a == "--zipf")
      f.zipf = std::stod(v);
    else
      return false;
  }
  return argc % 2 == 1 && f.port > 0 && f.clients > 0 && f.seconds > 0 && f.zipf >= 0 &&
         !f.workload.empty();
}

std::vector<std::string> ReadWorkload(const std::string& path) {
  std::vector<std::string> queries;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  return queries;
}

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool WaitReady(const Flags& f) {
  auto deadline = Clock::now() + std::chrono::duration<double>(f.wait_ready);
  httplib::Client probe(f.host, f.port);
  probe.set_connection_timeout(1, 0);
  while (Clock::now() < deadline) {
    auto res = probe.Get("/readyz");
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

void RunClient(const Flags& f, const std::vector<std::string>& paths, size_t first,
               Clock::time_point measure_from, Clock::time_point stop, ClientStats& stats) {
  httplib::Client client(f.host, f.port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  size_t next = first;
  std::mt19937 random(static_cast<uint32_t>(first) + 1);
  std::vector<double> weights;
  for (size_t k = 1; f.zipf > 0 && k <= paths.size(); ++k) {
    weights.push_back(1.0 / std::pow(static_cast<double>(k), f.zipf));
  }
  std::discrete_distribution<size_t> zipf(weights.begin(), weights.end());
  while (true) {
    auto start = Clock::now();
    if (start >= stop) break;
    const std::string& path = f.zipf > 0 ? paths[zipf(random)] : paths[next++ % paths.size()];
    auto res = client.Get(path);
    auto end = Clock::now();
    if (start < measure_from) continue;
    if (!res) {
      ++stats.transport;
      continue;
    }
    ++stats.requests;
    if (res->status >= 200 && res->status < 300) {
      stats.latencies_ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    } else if (res->status == 503) {
      ++stats.busy;
    } else {
      ++stats.bad_status;
    }
  }
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return NAN;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

int Main(int argc, char** argv) {
  Flags f;
  if (!ParseFlags(argc, argv, f)) {
    std::fprintf(stderr,
                 "usage: load_driver --port P --workload FILE [--host H] [--clients 8]"
                 " [--seconds 20] [--warmup 2] [--facets a,b] [--wait-ready SECONDS]"
                 " [--zipf S]\n");
    return 2;
  }
  std::vector<std::string> queries = ReadWorkload(f.workload);
  if (queries.empty()) {
    std::fprintf(stderr, "load_driver: no queries in %s\n", f.workload.c_str());
    return 2;
  }
  if (f.wait_ready > 0 && !WaitReady(f)) {
    std::fprintf(stderr, "load_driver: %s:%d not ready after %.0f s\n", f.host.c_str(), f.port,
                 f.wait_ready);
    return 2;
  }
  std::vector<std::string> paths;
  for (const std::string& q : queries) {
    paths.push_back("/v1/search?q=" + UrlEncode(q) +
                    (f.facets.empty() ? "" : "&facets=" + UrlEncode(f.facets)));
  }
  auto begin = Clock::now();
  auto measure_from =
      begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(f.warmup));
  auto stop = measure_from +
              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(f.seconds));
  std::vector<ClientStats> stats(static_cast<size_t>(f.clients));
  std::vector<std::thread> threads;
  for (int i = 0; i < f.clients; ++i) {
    size_t first = static_cast<size_t>(i) * paths.size() / static_cast<size_t>(f.clients);
    threads.emplace_back(RunClient, std::cref(f), std::cref(paths), first, measure_from, stop,
                         std::ref(stats[static_cast<size_t>(i)]));
  }
  for (auto& t : threads) t.join();
  double measured = std::chrono::duration<double>(Clock::now() - measure_from).count();

  ClientStats total;
  size_t least = std::numeric_limits<size_t>::max(),
         most = 0;  // a starved client shows as a low minimum
  for (ClientStats& s : stats) {
    least = std::min(least, s.latencies_ms.size());
    most = std::max(most, s.latencies_ms.size());
    total.latencies_ms.insert(total.latencies_ms.end(), s.latencies_ms.begin(),
                              s.latencies_ms.end());
    total.requests += s.requests;
    total.busy += s.busy;
    total.bad_status += s.bad_status;
    total.transport += s.transport;
  }
  std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
  uint64_t errors = total.busy + total.bad_status + total.transport;
  char zipf[48] = "";
  if (f.zipf > 0) std::snprintf(zipf, sizeof zipf, ", Zipf s=%g", f.zipf);
  std::printf(
      "load_driver: %d clients, %.1f s measured (after %.1f s warm-up), %zu distinct queries%s%s\n"
      "  requests/s  %.0f ok  (%.0f answered; %zu ok, %llu answered in all)\n"
      "  latency ms  p50 %.2f  p99 %.2f  max %.2f  (successful requests)\n"
      "  errors      %llu  (503 busy %llu, other status %llu, transport %llu)\n"
      "  per client  %zu..%zu ok requests\n",
      f.clients, measured, f.warmup, paths.size(), f.facets.empty() ? "" : ", with facets", zipf,
      static_cast<double>(total.latencies_ms.size()) / measured,
      static_cast<double>(total.requests) / measured, total.latencies_ms.size(),
      static_cast<unsigned long long>(total.requests), Percentile(total.latencies_ms, 0.5),
      Percentile(total.latencies_ms, 0.99),
      total.latencies_ms.empty() ? NAN : total.latencies_ms.back(),
      static_cast<unsigned long long>(errors), static_cast<unsigned long long>(total.busy),
      static_cast<unsigned long long>(total.bad_status),
      static_cast<unsigned long long>(total.transport), least, most);
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
