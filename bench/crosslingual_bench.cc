// crosslingual_bench: does a query in Arabic, Ukrainian, Persian, Turkish, Russian or English
// find what the German query for the same need finds? nDCG@10 per language against the graded
// judgments of bench/quality/crosslingual_{queries,judgments}.tsv (issue 8), over the sample.
//
//   crosslingual_bench [--source DIR] [--fold A|B|all] [--mode lexical|hybrid|both] [--per-query]
//                      [--top]   (--top: also each query's top 10 ids with their grades)
//   crosslingual_bench --index DIR [--reps N]    latency on a prebuilt (e.g. 100k) index
//   crosslingual_bench --index-size CORPUS.jsonl  index size with and without suggest terms
//
// For each need (46, each with one query in de, en, ar, uk, fa, tr, ru), every query is run
// through Searcher::Search (active initiatives only, the default) and scored with nDCG@10:
// DCG = Σ (2^grade − 1) / log2(i + 1) over the top 10 (unjudged ids count 0), IDCG over the
// need's judged grades of active records. Printed per language and fold: mean nDCG@10, the
// ratio to the German queries of the same needs, and the mean overlap of the top 10 with the
// German query's top 10 (|A ∩ B| / max(|A|, |B|)). Fold A (odd needs) is for tuning, fold B is held
// out. The quality part uses only the Search API of the first release, so it builds against an
// older commit for a before/after comparison (HN_XL_QUALITY_ONLY).
//
// --index DIR: for every query of the set, in process, lexical mode, page 1 of 10: p50 and
// p99 per language (one untimed pass, then N timed repetitions of each query) and the ratio
// of each language's p50 to the German queries' p50 (issue 8: cross-lingual expansion at most
// 1.3x); then /v1/suggest's work (Searcher::Suggest) for every prefix of every query from its
// first letter: the first call of each (counts not cached yet) and a repeat (cached), and how
// the first answers compare with those of a searcher without a count budget.
// --index-size CORPUS: builds CORPUS twice into temporary directories, with and without the
// XA/XP terms of suggest, and prints both sizes.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/index_builder.h"
#include "ranking/searcher.h"

namespace hilfsnetz::bench {
namespace {

constexpr int kK = 10;
const std::vector<std::string> kLanguages = {"de", "en", "ar", "uk", "fa", "tr", "ru"};

struct Query {
  int need = 0;
  std::string fold;
  std::string lang;
  std::string text;
};

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    rows.push_back(std::move(f));
  }
  return rows;
}

double Dcg(const std::vector<int>& grades) {
  double dcg = 0;
  for (size_t i = 0; i < grades.size() && i < static_cast<size_t>(kK); ++i) {
    dcg += (std::pow(2.0, grades[i]) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
  }
  return dcg;
}

double Ndcg(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged) {
  std::vector<int> got, ideal;
  for (const std::string& id : ranked) {
    auto it = judged.find(id);
    got.push_back(it == judged.end() ? 0 : it->second);
  }
  for (const auto& [id, g] : judged) ideal.push_back(g);
  std::sort(ideal.rbegin(), ideal.rend());
  const double idcg = Dcg(ideal);
  return idcg > 0 ? Dcg(got) / idcg : 0.0;
}

std::vector<std::string> Top(ranking::Searcher& s, const std::string& q, ranking::SearchMode mode) {
  ranking::SearchRequest req;
  req.q = q;
  req.per_page = kK;
  req.mode = mode;
  std::vector<std::string> ids;
  auto r = s.Search(req);
  if (!r.ok()) {
    std::fprintf(stderr, "search \"%s\": %s\n", q.c_str(), r.status().ToString().c_str());
    return ids;
  }
  for (const ranking::Hit& h : r->hits) ids.push_back(h.record.id);
  return ids;
}

// |A ∩ B| / max(|A|, |B|): 1 for the same top 10 (also when a list is shorter than 10).
double Overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> sa(a.begin(), a.end());
  int n = 0;
  for (const std::string& id : b) n += sa.count(id) ? 1 : 0;
  const size_t most = std::max(a.size(), b.size());
  return most == 0 ? 1.0 : n / static_cast<double>(most);
}

double LoadAverage() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1;
}

#ifndef HN_XL_QUALITY_ONLY
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

uint64_t DirBytes(const std::filesystem::path& dir) {
  uint64_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

int Latency(const std::string& index_dir, const std::vector<Query>& queries, int reps) {
  auto searcher = ranking::Searcher::Open(index_dir, {});
  if (!searcher.ok()) {
    std::fprintf(stderr, "open: %s\n", searcher.status().ToString().c_str());
    return 1;
  }
  std::printf("# Latency on %s (%llu documents), %d repetitions, load %.2f\n\n", index_dir.c_str(),
              static_cast<unsigned long long>((*searcher)->DocCount()), reps, LoadAverage());
  std::map<std::string, std::vector<double>> ms;
  for (int rep = -1; rep < reps; ++rep) {
    for (const Query& q : queries) {
      ranking::SearchRequest req;
      req.q = q.text;
      req.per_page = kK;
      const auto t0 = Clock::now();
      auto r = (*searcher)->Search(req);
      const double t = Ms(Clock::now() - t0);
      if (!r.ok()) std::fprintf(stderr, "%s: %s\n", q.text.c_str(), r.status().ToString().c_str());
      if (rep >= 0) ms[q.lang].push_back(t);
    }
  }
  const double de = Percentile(ms["de"], 0.5);
  std::printf(
      "## Search (lexical, top 10)\n\n| language | p50 ms | p99 ms | p50 / German p50 "
      "|\n|---|---:|---:|---:|\n");
  for (const std::string& lang : kLanguages) {
    std::printf("| %s | %.3f | %.3f | %.2f |\n", lang.c_str(), Percentile(ms[lang], 0.5),
                Percentile(ms[lang], 0.99), de > 0 ? Percentile(ms[lang], 0.5) / de : 0.0);
  }
#ifndef HN_XL_NO_SUGGEST  // (defined when built against a commit without suggestions)
  // Suggest: every prefix of every query, as typed letter by letter.
  std::vector<std::string> prefixes;
  for (const Query& q : queries) {
    for (size_t i = 1; i <= q.text.size(); ++i) {
      if (i < q.text.size() && (static_cast<unsigned char>(q.text[i]) & 0xC0) == 0x80) continue;
      prefixes.push_back(q.text.substr(0, i));
    }
  }
  ranking::SuggestRequest warmup;
  warmup.q = "a";
  const auto w0 = Clock::now();
  (void)(*searcher)->Suggest(warmup);  // builds the revision's SuggestIndex (timed apart)
  const double build_ms = Ms(Clock::now() - w0);
  std::vector<double> cold, warm;
  std::vector<std::pair<double, std::string>> slowest;
  std::vector<ranking::SuggestResult> first_answers;
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& p : prefixes) {
      ranking::SuggestRequest req;
      req.q = p;
      const auto t0 = Clock::now();
      auto r = (*searcher)->Suggest(req);
      const double t = Ms(Clock::now() - t0);
      (pass == 0 ? cold : warm).push_back(t);
      if (pass == 0) slowest.emplace_back(t, p);
      if (!r.ok())
        std::fprintf(stderr, "suggest %s: %s\n", p.c_str(), r.status().ToString().c_str());
      if (pass == 0) first_answers.push_back(r.ok() ? std::move(*r) : ranking::SuggestResult{});
    }
  }
  // What the count budget costs: the first answers against a searcher without one.
  ranking::SearcherOptions unlimited;
  unlimited.suggest_count_budget = std::chrono::microseconds(0);
  auto exact_searcher = ranking::Searcher::Open(index_dir, unlimited);
  size_t shown = 0, exact = 0, same_list = 0;
  std::vector<double> errors;
  for (size_t i = 0; exact_searcher.ok() && i < prefixes.size(); ++i) {
    ranking::SuggestRequest req;
    req.q = prefixes[i];
    auto r = (*exact_searcher)->Suggest(req);
    if (!r.ok()) continue;
    std::map<std::string, uint64_t> truth;  // exact counts without a budget
    for (const auto& s : r->suggestions) {
      if (s.count_exact) truth[s.text] = s.count;
    }
    bool same = r->suggestions.size() == first_answers[i].suggestions.size();
    for (size_t k = 0; k < first_answers[i].suggestions.size(); ++k) {
      const auto& s = first_answers[i].suggestions[k];
      same = same && r->suggestions[k].text == s.text;
      auto t = truth.find(s.text);
      if (t == truth.end() || t->second == 0) continue;
      ++shown;
      if (s.count == t->second) ++exact;
      errors.push_back(std::fabs(static_cast<double>(s.count) - static_cast<double>(t->second)) /
                       static_cast<double>(t->second));
    }
    if (same) ++same_list;
  }
  std::printf(
      "\n## Suggest (%zu prefixes of the queries, in process; the revision's suggest index built "
      "in %.0f ms)\n\n"
      "| pass | p50 ms | p99 ms | mean ms |\n|---|---:|---:|---:|\n",
      prefixes.size(), build_ms);
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  std::printf("| first (counts computed) | %.3f | %.3f | %.3f |\n", Percentile(cold, 0.5),
              Percentile(cold, 0.99), mean(cold));
  std::printf("| repeat (counts cached) | %.3f | %.3f | %.3f |\n", Percentile(warm, 0.5),
              Percentile(warm, 0.99), mean(warm));
  std::printf(
      "\nwith the count budget (%lld us): %.1f%% of the prefixes get the same list as without a "
      "budget; "
      "of the %zu suggestions both show that have an exact count without it, %.1f%% have the same "
      "count; relative error p90 %.3f, p99 %.3f\n",
      static_cast<long long>(ranking::SearcherOptions{}.suggest_count_budget.count()),
      prefixes.empty()
          ? 0.0
          : 100.0 * static_cast<double>(same_list) / static_cast<double>(prefixes.size()),
      shown, shown ? 100.0 * static_cast<double>(exact) / static_cast<double>(shown) : 0.0,
      Percentile(errors, 0.9), Percentile(errors, 0.99));
  std::sort(slowest.rbegin(), slowest.rend());
  std::printf("\nslowest first calls:");
  for (size_t i = 0; i < slowest.size() && i < 8; ++i)
    std::printf(" %.1f ms \"%s\";", slowest[i].first, slowest[i].second.c_str());
#endif
  std::printf("\n\nload at end %.2f\n", LoadAverage());
  return 0;
}

int IndexSize(const std::string& corpus) {
  const std::filesystem::path base =
      std::filesystem::temp_directory_path() / ("hn-xl-size-" + std::to_string(::getpid()));
  std::printf(
      "# Index size of %s, load %.2f\n\n| suggest terms | bytes | build s |\n|---|---:|---:|\n",
      corpus.c_str(), LoadAverage());
  uint64_t sizes[2] = {0, 0};
#ifdef HN_XL_NO_SUGGEST
  for (int with = 1; with < 2; ++with) {
#else
  for (int with = 0; with < 2; ++with) {
#endif
    const std::filesystem::path dir = base / (with ? "with" : "without");
    std::ifstream in(corpus, std::ios::binary);
    indexer::BuildOptions options;
#ifndef HN_XL_NO_SUGGEST
    options.document.suggest_terms = with == 1;
#endif
    const auto t0 = Clock::now();
    auto report = indexer::BuildIndex(in, dir.string(), options);
    const double secs = Ms(Clock::now() - t0) / 1000;
    if (!report.ok()) {
      std::fprintf(stderr, "index: %s\n", report.status().ToString().c_str());
      return 1;
    }
    sizes[with] = DirBytes(dir / report->generation);
    std::printf("| %s | %llu | %.1f |\n", with ? "with" : "without",
                static_cast<unsigned long long>(sizes[with]), secs);
  }
  std::printf("\ngrowth from suggest terms: %.1f%%\n",
              sizes[0] ? 100.0 * (static_cast<double>(sizes[1]) - static_cast<double>(sizes[0])) /
                             static_cast<double>(sizes[0])
                       : 0.0);
  std::error_code ec;
  std::filesystem::remove_all(base, ec);
  return 0;
}
#endif

int Main(int argc, char** argv) {
  std::string source = HN_SOURCE_DIR, fold = "all", modes = "both", index_dir, size_corpus;
  bool per_query = false;
  bool show_top = false;  // --top: each query's top 10 with their grades (needs --per-query)
  int reps = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--source" && i + 1 < argc)
      source = argv[++i];
    else if (a == "--fold" && i + 1 < argc)
      fold = argv[++i];
    else if (a == "--mode" && i + 1 < argc)
      modes = argv[++i];
    else if (a == "--per-query")
      per_query = true;
    else if (a == "--top")
      show_top = per_query = true;
    else if (a == "--index" && i + 1 < argc)
      index_dir = argv[++i];
    else if (a == "--reps" && i + 1 < argc)
      reps = std::atoi(argv[++i]);
    else if (a == "--index-size" && i + 1 < argc)
      size_corpus = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: crosslingual_bench [--source DIR] [--fold A|B|all] [--mode "
                   "lexical|hybrid|both] [--per-query] [--top]\n");
      return 2;
    }
  }
  std::vector<Query> queries;
  for (const auto& f : ReadTsv(source + "/bench/quality/crosslingual_queries.tsv")) {
    if (f.size() < 4) continue;
    Query q{std::atoi(f[0].c_str()), f[1], f[2], f[3]};
    if (fold == "all" || fold == q.fold) queries.push_back(q);
  }
  // Records' status, to judge against what the search shows (active only).
  std::set<std::string> inactive;
  {
    std::ifstream in(source + "/data/sample/initiatives.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      const auto id_at = line.find("\"id\"");
      const bool active = line.find("\"status\":\"active\"") != std::string::npos ||
                          line.find("\"status\": \"active\"") != std::string::npos;
      if (id_at == std::string::npos || active) continue;
      const auto q1 = line.find('"', line.find(':', id_at) + 1);
      const auto q2 = line.find('"', q1 + 1);
      inactive.insert(line.substr(q1 + 1, q2 - q1 - 1));
    }
  }
  std::map<int, std::map<std::string, int>> judged;
  for (const auto& f : ReadTsv(source + "/bench/quality/crosslingual_judgments.tsv")) {
    if (f.size() < 3 || inactive.count(f[1])) continue;
    judged[std::atoi(f[0].c_str())][f[1]] = std::atoi(f[2].c_str());
  }
  if (queries.empty() || judged.empty()) {
    std::fprintf(stderr, "no queries or judgments under %s/bench/quality\n", source.c_str());
    return 1;
  }
#ifndef HN_XL_QUALITY_ONLY
  if (!index_dir.empty()) return Latency(index_dir, queries, reps);
  if (!size_corpus.empty()) return IndexSize(size_corpus);
#endif

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hn-xl-" + std::to_string(::getpid()));
  {
    std::ifstream in(source + "/data/sample/initiatives.jsonl", std::ios::binary);
    auto report = indexer::BuildIndex(in, dir.string(), indexer::BuildOptions{});
    if (!report.ok()) {
      std::fprintf(stderr, "index: %s\n", report.status().ToString().c_str());
      return 1;
    }
  }
  auto searcher = ranking::Searcher::Open(dir.string(), {});
  if (!searcher.ok()) {
    std::fprintf(stderr, "open: %s\n", searcher.status().ToString().c_str());
    return 1;
  }
  std::printf("# Cross-lingual search quality (nDCG@10), fold %s, load %.2f\n\n", fold.c_str(),
              LoadAverage());
  for (const ranking::SearchMode mode :
       {ranking::SearchMode::kLexical, ranking::SearchMode::kHybrid}) {
    const bool lexical = mode == ranking::SearchMode::kLexical;
    if ((modes == "lexical" && !lexical) || (modes == "hybrid" && lexical)) continue;
    std::map<std::string, std::vector<double>> ndcg, overlap;
    std::map<int, std::vector<std::string>> german_top;
    for (const Query& q : queries) {
      if (q.lang == "de") german_top[q.need] = Top(**searcher, q.text, mode);
    }
    for (const Query& q : queries) {
      const std::vector<std::string> top =
          q.lang == "de" ? german_top[q.need] : Top(**searcher, q.text, mode);
      const double n = Ndcg(top, judged[q.need]);
      ndcg[q.lang].push_back(n);
      overlap[q.lang].push_back(Overlap(german_top[q.need], top));
      if (per_query) {
        std::printf("%s\t%d\t%s\t%.3f\t%s\n", lexical ? "lexical" : "hybrid", q.need,
                    q.lang.c_str(), n, q.text.c_str());
        for (size_t i = 0; show_top && i < top.size(); ++i) {
          const auto it = judged[q.need].find(top[i]);
          std::printf("\t\t%zu\t%d\t%s\n", i + 1, it == judged[q.need].end() ? 0 : it->second,
                      top[i].c_str());
        }
      }
    }
    auto mean = [](const std::vector<double>& v) {
      double s = 0;
      for (double x : v) s += x;
      return v.empty() ? 0.0 : s / static_cast<double>(v.size());
    };
    const double de = mean(ndcg["de"]);
    std::printf(
        "\n## mode=%s\n\n| language | queries | nDCG@10 | / German | top-10 overlap with German "
        "|\n|---|---:|---:|---:|---:|\n",
        lexical ? "lexical" : "hybrid");
    for (const std::string& lang : kLanguages) {
      if (!ndcg.count(lang)) continue;
      const double m = mean(ndcg[lang]);
      std::printf("| %s | %zu | %.3f | %.2f | %.2f |\n", lang.c_str(), ndcg[lang].size(), m,
                  de > 0 ? m / de : 0.0, mean(overlap[lang]));
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
