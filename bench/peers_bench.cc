// peers_bench: hilfsnetz against raw Xapian, SQLite FTS5 and PostgreSQL FTS, on one corpus
// and one query workload, in one process, so that every ratio compares numbers of one run.
//
//   peers_bench --corpus corpus-100000.jsonl --workload bench/workloads/queries.txt
//       --workdir /tmp/hn-bench/100000 [--pg "host=/tmp/pg port=5433 dbname=postgres"]
//       [--passes 5] [--only xapian-raw,hilfsnetz] [--summary results.md] [--benchmark_*]
//       [--browse bench/workloads/browse.txt] [--reuse]
//
// --reuse keeps an index a system already has in --workdir (from an earlier run over the same
// corpus) instead of building it again: its build docs/s is then not measured. --browse adds
// hilfsnetz-browse: the hilfsnetz index browsed with filters and facets and no words.
//
// --only names the systems to run (hilfsnetz+facets searches the index that hilfsnetz
// builds, so it needs hilfsnetz in the list too).
//
// For each system: build its index over the corpus (timed once: docs/s), measure the index
// on disk (bytes/doc), then replay the workload once untimed (warm-up: caches, page cache,
// prepared statements) and --passes times timed, one query at a time on one thread. Each
// query's latency is recorded; p50/p99 are over all timed queries, queries/s is their count
// over their summed time. The timed passes run as Google Benchmark benchmarks
// ("search/<system>", one iteration = one pass) so --benchmark_format=json etc. work too.
// Bench usage errors exit 2; a system that fails to build or answer is reported and skipped.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/peers/peer.h"

namespace hilfsnetz::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  std::string corpus, workload, workdir, pg, only, summary, browse;
  int passes = 5;
  bool reuse = false;
};

struct Row {
  std::string name;
  bool owns_index = true;
  bool ok = false;
  bool reused = false;  // the index of an earlier run: no build time
  std::string error;
  double build_seconds = 0;
  uint64_t index_bytes = 0;
  std::vector<double> latencies_ms;  // timed queries
  double total_ms = 0;
  uint64_t errors = 0, zero_hit_queries = 0, hits = 0;

  double Percentile(double p) const {
    if (latencies_ms.empty()) return NAN;
    std::vector<double> sorted = latencies_ms;
    std::sort(sorted.begin(), sorted.end());
    size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::max<size_t>(rank, 1) - 1];
  }
  double Qps() const {
    return total_ms > 0 ? 1000.0 * static_cast<double>(latencies_ms.size()) / total_ms : NAN;
  }
};

bool ParseFlags(int argc, char** argv, Flags& flags, std::vector<char*>& rest) {
  rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--benchmark_", 0) == 0) {
      rest.push_back(argv[i]);
      continue;
    }
    if (a == "--reuse") {
      flags.reuse = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (a == "--corpus")
      flags.corpus = v;
    else if (a == "--workload")
      flags.workload = v;
    else if (a == "--workdir")
      flags.workdir = v;
    else if (a == "--pg")
      flags.pg = v;
    else if (a == "--only")
      flags.only = "," + v + ",";
    else if (a == "--summary")
      flags.summary = v;
    else if (a == "--browse")
      flags.browse = v;
    else if (a == "--passes")
      flags.passes = std::max(1, std::atoi(v.c_str()));
    else
      return false;
  }
  return !flags.corpus.empty() && !flags.workload.empty() && !flags.workdir.empty();
}

uint64_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t n = 0;
  std::string line;
  while (std::getline(in, line)) n += line.empty() ? 0 : 1;
  return n;
}

std::vector<std::unique_ptr<Peer>> MakePeers(const Flags& flags,
                                             const std::vector<std::string>& browse) {
  namespace fs = std::filesystem;
  auto dir = [&](const char* name) {
    fs::path p = fs::path(flags.workdir) / name;
    fs::create_directories(p);
    return p.string();
  };
  std::vector<std::unique_ptr<Peer>> peers;
  peers.push_back(MakeXapianPeer(dir("xapian")));
#ifdef HN_BENCH_HILFSNETZ
  peers.push_back(MakeHilfsnetzPeer(dir("hilfsnetz"), /*facets=*/false, /*build=*/true));
  peers.push_back(MakeHilfsnetzPeer(dir("hilfsnetz"), /*facets=*/true, /*build=*/false));
  if (!browse.empty()) peers.push_back(MakeHilfsnetzBrowsePeer(dir("hilfsnetz"), browse));
#endif
  peers.push_back(MakeSqlitePeer(dir("sqlite")));
  if (!flags.pg.empty()) peers.push_back(MakePostgresPeer(flags.pg));
  if (!flags.only.empty()) {
    std::erase_if(peers, [&](const auto& p) {
      return flags.only.find("," + p->Name() + ",") == std::string::npos;
    });
  }
  return peers;
}

void BuildAndOpen(Peer& peer, Row& row, const std::string& corpus, bool reuse) {
  Status s;
  if (reuse && peer.HasIndex()) {
    std::fprintf(stderr, "peers_bench: %s: reusing the index in the work directory\n",
                 row.name.c_str());
    row.reused = true;
  } else {
    std::fprintf(stderr, "peers_bench: building %s ...\n", row.name.c_str());
    auto start = Clock::now();
    s = peer.Build(corpus);
    row.build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  if (s.ok()) s = peer.OpenForSearch();
  Result<uint64_t> bytes = s.ok() ? peer.IndexBytes() : Result<uint64_t>(s);
  if (!bytes.ok()) {
    row.error = bytes.status().ToString();
    std::fprintf(stderr, "peers_bench: %s failed: %s\n", row.name.c_str(), row.error.c_str());
    return;
  }
  row.index_bytes = *bytes;
  row.ok = true;
}

void RunPass(Peer& peer, const std::vector<std::string>& queries, Row* row) {
  for (const std::string& q : queries) {
    auto start = Clock::now();
    Result<SearchOutcome> out = peer.Search(q);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (row == nullptr) continue;  // warm-up
    row->latencies_ms.push_back(ms);
    row->total_ms += ms;
    if (!out.ok()) {
      if (row->errors++ == 0) {
        std::fprintf(stderr, "peers_bench: %s: %s\n", row->name.c_str(),
                     out.status().ToString().c_str());
      }
      continue;
    }
    row->hits += static_cast<uint64_t>(out->hits);
    if (out->hits == 0) ++row->zero_hit_queries;
    benchmark::DoNotOptimize(out->data_bytes);
  }
}

std::string Fmt(const char* format, double v) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// The results table (markdown, so it can go straight into bench/README.md) and the targets.
std::string Report(const std::vector<Row>& rows, uint64_t n, const Flags& flags, size_t queries) {
  auto find = [&](const char* name) -> const Row* {
    for (const Row& r : rows) {
      if (r.ok && r.name == name) return &r;
    }
    return nullptr;
  };
  const Row* xapian = find("xapian-raw");
  const Row* pg = find("postgres-fts");
  const Row* hn = find("hilfsnetz");
  const Row* facets = find("hilfsnetz+facets");
  const Row* browse = find("hilfsnetz-browse");
  auto ratio = [](const Row* a, const Row* b, auto f) {
    return a != nullptr && b != nullptr ? f(*a) / f(*b) : NAN;
  };
  auto p50 = [](const Row& r) { return r.Percentile(0.5); };
  auto p99 = [](const Row& r) { return r.Percentile(0.99); };
  auto per_doc = [n](const Row& r) {
    return static_cast<double>(r.index_bytes) / static_cast<double>(n);
  };
  auto build_rate = [n](const Row& r) {
    return r.owns_index && !r.reused ? static_cast<double>(n) / r.build_seconds : NAN;
  };
  std::ostringstream out;
  out << "\n### " << n << " initiatives, " << queries << " queries x " << flags.passes
      << " timed passes (1 thread)\n\n"
      << "| system | build docs/s | index bytes/doc | p50 ms | p99 ms | queries/s | "
         "p50 / raw Xapian | PG p50 / p50 | bytes/doc / raw Xapian | zero-hit queries | errors |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Row& r : rows) {
    if (!r.ok) {
      out << "| " << r.name << " | failed: " << r.error << " |||||||||\n";
      continue;
    }
    const std::string build = !r.owns_index ? "(same index)"
                              : r.reused    ? "(reused)"
                                            : Fmt("%.0f", build_rate(r));
    out << "| " << r.name << " | " << build << " | " << Fmt("%.0f", per_doc(r)) << " | "
        << Fmt("%.3f", p50(r)) << " | " << Fmt("%.3f", p99(r)) << " | " << Fmt("%.0f", r.Qps())
        << " | " << Fmt("%.2fx", ratio(&r, xapian, p50)) << " | "
        << Fmt("%.1fx", ratio(pg, &r, p50)) << " | " << Fmt("%.2fx", ratio(&r, xapian, per_doc))
        << " | " << r.zero_hit_queries / static_cast<uint64_t>(flags.passes) << " | " << r.errors
        << " |\n";
  }
  auto verdict = [](double v, bool pass) {
    return std::isnan(v) ? std::string("not measured")
                         : Fmt("%.2f", v) + (pass ? " PASS" : " FAIL");
  };
  const double lexical = ratio(hn, xapian, p50), tail = ratio(hn, xapian, p99),
               faceted = ratio(facets, xapian, p50), browsing = browse ? p50(*browse) : NAN,
               build = hn && xapian ? build_rate(*hn) / build_rate(*xapian) : NAN,
               vs_pg = ratio(pg, hn, p50), bytes = ratio(hn, xapian, per_doc);
  out << "\nTargets (issue 13; judged at 100k):\n"
      << "- hilfsnetz p50 / raw Xapian p50 <= 1.5: " << verdict(lexical, lexical <= 1.5) << "\n"
      << "- hilfsnetz p99 / raw Xapian p99 <= 2: " << verdict(tail, tail <= 2) << "\n"
      << "- hilfsnetz+facets p50 / raw Xapian p50 <= 2: " << verdict(faceted, faceted <= 2) << "\n"
      << "- hilfsnetz-browse p50 <= 1 ms: " << verdict(browsing, browsing <= 1) << "\n"
      << "- hilfsnetz build docs/s / raw Xapian build docs/s >= 1: " << verdict(build, build >= 1)
      << "\n"
      << "Earlier targets (issue 2):\n"
      << "- PostgreSQL p50 / hilfsnetz p50 >= 5: " << verdict(vs_pg, vs_pg >= 5) << "\n"
      << "- hilfsnetz bytes/doc / raw Xapian bytes/doc <= 2: " << verdict(bytes, bytes <= 2)
      << "\n";
  return out.str();
}

int Main(int argc, char** argv) {
  Flags flags;
  std::vector<char*> rest;
  if (!ParseFlags(argc, argv, flags, rest)) {
    std::fprintf(stderr,
                 "usage: peers_bench --corpus FILE.jsonl --workload queries.txt --workdir DIR\n"
                 "  [--pg CONNINFO] [--passes N] [--only name,name] [--summary FILE.md]"
                 " [--browse FILE] [--reuse] [--benchmark_...]\n");
    return 2;
  }
  Result<std::vector<std::string>> queries = ReadQueries(flags.workload);
  if (!queries.ok()) {
    std::fprintf(stderr, "peers_bench: %s\n", queries.status().ToString().c_str());
    return 2;
  }
  uint64_t n = CountLines(flags.corpus);
  if (n == 0) {
    std::fprintf(stderr, "peers_bench: corpus %s is empty or missing\n", flags.corpus.c_str());
    return 2;
  }
  std::vector<std::string> browse;
  if (!flags.browse.empty()) {
    Result<std::vector<std::string>> lines = ReadQueries(flags.browse);
    if (!lines.ok()) {
      std::fprintf(stderr, "peers_bench: %s\n", lines.status().ToString().c_str());
      return 2;
    }
    browse = std::move(*lines);
  }
  std::vector<std::unique_ptr<Peer>> peers = MakePeers(flags, browse);
  std::vector<Row> rows(peers.size());
  for (size_t i = 0; i < peers.size(); ++i) {
    rows[i].name = peers[i]->Name();
    rows[i].owns_index = peers[i]->OwnsIndex();
    BuildAndOpen(*peers[i], rows[i], flags.corpus, flags.reuse);
    if (!rows[i].ok) continue;
    Peer* peer = peers[i].get();
    Row* row = &rows[i];
    const std::vector<std::string>* qs = peer->Workload() ? peer->Workload() : &*queries;
    benchmark::RegisterBenchmark(("search/" + row->name).c_str(),
                                 [peer, row, qs](benchmark::State& state) {
                                   RunPass(*peer, *qs, nullptr);  // warm-up, untimed
                                   for (auto _ : state) RunPass(*peer, *qs, row);
                                   state.counters["p50_ms"] = row->Percentile(0.5);
                                   state.counters["p99_ms"] = row->Percentile(0.99);
                                   state.counters["qps"] = row->Qps();
                                 })
        ->Iterations(flags.passes)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  int bench_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&bench_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  std::string report = Report(rows, n, flags, queries->size());
  std::printf("%s", report.c_str());
  if (!flags.summary.empty()) std::ofstream(flags.summary) << report;
  bool all_ok =
      std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.ok && r.errors == 0; });
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
