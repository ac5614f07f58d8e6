// reco_dump: every answer of the recommender and of similar initiatives on one index, written
// as plain text, so that two builds can be compared with diff: a change meant to make them
// faster must leave this file unchanged (ids, order, components, reasons with their shares).
//
//   reco_dump --index DIR [--build FILE.jsonl …] --profiles FILE.jsonl [--profiles FILE2.jsonl …]
//             [--similar N] [--repeat R] --out FILE
//
// --build: index these initiatives (one file after the other) into DIR first, when DIR does not
// exist yet (the sample, or the sample plus bench/quality/reco_initiatives.jsonl).
// For each profile (one JSON per line, as POST /v1/recommendations takes): Recommend with the
// profile's own limit and with limit 10 (the judged lists), each hit as
// "P<line>/L<limit>\t<rank>\t<id>\t<total>\t<components>", its reasons on the following lines.
// Then Similar(id, 10) for N initiatives spread over the index (a browse, as quality_bench
// picks them; all of them when N ≥ the index's size), each hit with its score and reasons.
// Numbers are written to 6 decimals, totals and shares to 5, urgency and fairness to 4: those
// two depend on the clock (seconds), which moves them in the 6th decimal between two runs a
// minute apart.
// --repeat R runs the recommendations and the similar lists R times more without writing them
// (a load for perf) and prints their mean wall and CPU time per call.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/index_builder.h"
#include "ranking/search_request.h"
#include "ranking/searcher.h"
#include "schemas/codec/company_codec.h"

namespace hilfsnetz::bench {
namespace {

std::string Num(double v, int decimals = 6) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void WriteReasons(std::ostream& out, const std::vector<ranking::Reason>& reasons) {
  for (const ranking::Reason& r : reasons) {
    out << "\t\t" << r.code << '\t' << r.component << '\t' << Num(r.share, 5) << '\t' << r.de
        << '\t' << r.en << '\n';
  }
}

int Main(int argc, char** argv) {
  std::string index, out_path;
  std::vector<std::string> profile_files, build_files;
  int similar = 33, repeat = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--index") {
      index = value;
    } else if (flag == "--build") {
      build_files.push_back(value);
    } else if (flag == "--profiles") {
      profile_files.push_back(value);
    } else if (flag == "--similar") {
      similar = std::stoi(value);
    } else if (flag == "--repeat") {
      repeat = std::stoi(value);
    } else if (flag == "--out") {
      out_path = value;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (index.empty() || out_path.empty()) {
    std::fprintf(stderr,
                 "usage: reco_dump --index DIR [--build FILE.jsonl…] --profiles FILE.jsonl… "
                 "[--similar N] "
                 "[--repeat R] --out FILE\n");
    return 2;
  }
  if (!build_files.empty() && !std::filesystem::exists(index)) {
    std::stringstream all;
    for (const std::string& file : build_files) {
      std::ifstream in(file, std::ios::binary);
      all << in.rdbuf();
      if (all.str().empty() || all.str().back() != '\n') all << '\n';
    }
    auto built = indexer::BuildIndex(all, index, indexer::BuildOptions{});
    if (!built.ok()) {
      std::fprintf(stderr, "%s: %s\n", index.c_str(), built.status().ToString().c_str());
      return 1;
    }
  }
  auto opened = ranking::Searcher::Open(index, ranking::SearcherOptions{});
  if (!opened.ok()) {
    std::fprintf(stderr, "%s: %s\n", index.c_str(), opened.status().ToString().c_str());
    return 1;
  }
  ranking::Searcher& s = **opened;
  std::vector<std::pair<std::string, schemas::CompanyProfile>> profiles;
  for (const std::string& file : profile_files) {
    std::ifstream in(file);
    std::string line;
    for (int no = 1; std::getline(in, line); ++no) {
      if (line.empty()) continue;
      schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(line);
      if (!parsed.ok()) {
        std::fprintf(stderr, "%s:%d: not a valid profile\n", file.c_str(), no);
        continue;
      }
      profiles.emplace_back(file + ":" + std::to_string(no), parsed.profile);
    }
  }
  std::ofstream out(out_path);
  for (const auto& [name, profile] : profiles) {
    std::vector<int> limits{profile.limit};
    if (profile.limit != 10) limits.push_back(10);
    for (int limit : limits) {
      schemas::CompanyProfile p = profile;
      p.limit = limit;
      auto r = s.Recommend(p);
      if (!r.ok()) {
        out << name << "/L" << limit << "\terror\t" << r.status().ToString() << '\n';
        continue;
      }
      for (size_t k = 0; k < r->size(); ++k) {
        const ranking::Recommendation& rec = (*r)[k];
        const ranking::RecoComponents& c = rec.components;
        out << name << "/L" << limit << '\t' << k + 1 << '\t' << rec.record.id << '\t'
            << Num(c.total, 5) << "\tneed " << Num(c.need_match) << " sem " << Num(c.semantic)
            << " prox " << Num(c.proximity) << " top " << Num(c.topics) << " lang "
            << Num(c.languages) << " urg " << Num(c.urgency, 4) << " fair " << Num(c.fairness, 4)
            << '\n';
        WriteReasons(out, rec.reasons);
      }
    }
  }
  std::vector<std::string> similar_ids;
  const uint64_t docs = s.DocCount();
  const int n = static_cast<int>(std::min<uint64_t>(docs, static_cast<uint64_t>(similar)));
  for (int i = 0; i < n; ++i) {
    ranking::SearchRequest browse;
    browse.per_page = 1;
    browse.page = 1 + static_cast<int>(docs * static_cast<uint64_t>(i) / static_cast<uint64_t>(n));
    auto b = s.Search(browse);
    if (!b.ok() || b->hits.empty()) continue;
    const std::string id = b->hits[0].record.id;
    similar_ids.push_back(id);
    auto r = s.Similar(id, 10);
    if (!r.ok()) {
      out << "S " << id << "\terror\t" << r.status().ToString() << '\n';
      continue;
    }
    for (size_t k = 0; k < r->size(); ++k) {
      out << "S " << id << '\t' << k + 1 << '\t' << (*r)[k].record.id << '\t' << Num((*r)[k].score)
          << '\n';
      WriteReasons(out, (*r)[k].reasons);
    }
  }
  // Wall and CPU time (all threads of the process: the task pool's too) per call: CPU time
  // depends less on what else runs on the machine than latency does.
  auto timed = [&](const char* what, size_t per_round, const auto& round) {
    if (repeat <= 0 || per_round == 0) return;
    auto cpu_ms = [] {
      rusage u{};
      getrusage(RUSAGE_SELF, &u);
      return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
             (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
    };
    const double cpu0 = cpu_ms();
    const auto wall0 = std::chrono::steady_clock::now();
    for (int rep = 0; rep < repeat; ++rep) round();
    const double calls = static_cast<double>(repeat) * static_cast<double>(per_round);
    const double wall =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();
    std::fprintf(stderr, "%.0f %s: %.3f ms wall, %.3f ms CPU each\n", calls, what, wall / calls,
                 (cpu_ms() - cpu0) / calls);
  };
  timed("recommendations", profiles.size(), [&] {
    for (const auto& [name, profile] : profiles) (void)s.Recommend(profile);
  });
  timed("similar lists", similar_ids.size(), [&] {
    for (const std::string& id : similar_ids) (void)s.Similar(id, 10);
  });
  return 0;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
