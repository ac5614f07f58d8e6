// quality_bench: ranking quality (nDCG@10 against the graded judgments in bench/quality/) and
// recommendation latency, in process.
//
//   quality_bench [--source DIR] [--corpus FILE.jsonl | --index DIR] [--reps N] [--dump FILE]
//                 [--reco-weights SPEC]   every recommendation with these weights (tuning)
//                 [--reco-explain N|A|B|D|E] (e) also prints nDCG per profile, and profile N's (or
//                                         every profile's of fold A, B, D or E) top 10 with
//                                         judged grades and reasons, and where its judged 2s and
//                                         3s rank in a longer list (tuning folds A, B, D and E
//                                         only: a profile of a held-out fold — C, and every fold
//                                         after E, i.e. F and G — is refused, and no line of one
//                                         is printed)
//                 [--sample-explain N|all] (a) the same for sample profile N (or every one)
//                 [--unjudged FILE]       (f) writes "profile_no<TAB>id" for every id in the reco
//                                         set's top 10 (recommend or baseline) with no judgment
//
//   (a) companies: for each judged profile (company_judgments.tsv; profile_no = line number
//       in data/sample/companies.jsonl, 1-based), nDCG@10 of Searcher::Recommend (the profile
//       as parsed, limit forced to 10) vs a lexical baseline: the company's description plus
//       its offer descriptions as one plain BM25 query through Searcher::Search (mode
//       lexical, active only, q cut to 500 characters, staff-syntax characters : " - made
//       spaces so the text stays plain words). A diagnostic column: Recommend with limit 100,
//       first 10 (shows what the limit-dependent candidate cut costs).
//   (b) search: for each query of search_judgments.tsv, nDCG@10 of Search mode=lexical vs
//       mode=hybrid (identical while hybrid is not implemented).
//   (c) latency of a recommendation, end to end in process (profile JSON text → parsed →
//       Searcher::Recommend → records in hand): one untimed pass, then the 33 profiles × N
//       repetitions (default 20); median and p99. On the sample, and on --corpus FILE (built
//       here into a temp dir) or --index DIR (prebuilt) if given.
//
//   (d) with --dump FILE: the top 10 of every profile on the large index (--corpus/--index),
//       one line each "profile_no<TAB>rank<TAB>id<TAB>total", and a summary row: the mean
//       precise total of the top 10. There are no judgments at 100k; comparing two dumps
//       (same ids? a lower mean total?) shows what a change of the candidate stage costs
//       there, which the 270-record sample cannot show (its candidates are nearly all of it).
//
// nDCG@10: DCG = Σ_{i=1..10} (2^grade_i − 1) / log2(i + 1) over the returned list (unjudged
// ids count as grade 0); IDCG = the same over the profile's / query's judged grades sorted
// descending. Prints markdown; exits 0 (1 only when the sample cannot be indexed or read).
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "indexer/index_builder.h"
#include "ranking/search_request.h"
#include "ranking/searcher.h"
#include "schemas/codec/company_codec.h"
#include "text/query_analysis.h"

namespace hilfsnetz::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Grades = std::map<std::string, int>;  // initiative id -> grade

constexpr int kK = 10;
constexpr size_t kMaxQueryChars = 500;

// ------------------------------------------------------------------ files

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

std::vector<std::string> Lines(const std::string& text, bool keep_blank) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!keep_blank && line.find_first_not_of(" \t") == std::string::npos) continue;
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

// A temp directory removed at exit of scope.
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hn-quality-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

// ------------------------------------------------------------------ metrics

double Dcg(const std::vector<int>& grades) {
  double dcg = 0;
  for (size_t i = 0; i < grades.size() && i < static_cast<size_t>(kK); ++i) {
    dcg += (std::pow(2.0, grades[i]) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
  }
  return dcg;
}

double Ndcg(const std::vector<std::string>& ranked, const Grades& judged) {
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

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

// Nearest-rank percentile of sorted values.
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

// ------------------------------------------------------------------ helpers

// The first `n` UTF-8 characters of `s`.
std::string Utf8Prefix(const std::string& s, size_t n) {
  size_t chars = 0, i = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == n) break;
      ++chars;
    }
    ++i;
  }
  return s.substr(0, i);
}

// Plain words: no staff-syntax operators (field:value, "phrases", -negations).
std::string PlainWords(std::string s) {
  for (char& c : s) {
    if (c == ':' || c == '"' || c == '-') c = ' ';
  }
  return s;
}

std::string BaselineQuery(const schemas::CompanyProfile& p) {
  std::string q = p.description;
  for (const schemas::Offer& o : p.offers) q += " " + o.description;
  return Utf8Prefix(PlainWords(q), kMaxQueryChars);
}

std::vector<std::string> SearchIds(ranking::Searcher& s, const std::string& q,
                                   ranking::SearchMode mode, std::string* error) {
  ranking::SearchRequest req;
  req.q = q;
  req.per_page = kK;
  req.mode = mode;
  req.filters.statuses = {schemas::InitiativeStatus::kActive};
  auto r = s.Search(req);
  std::vector<std::string> ids;
  if (!r.ok()) {
    if (error) *error = r.status().ToString();
    return ids;
  }
  for (const ranking::Hit& h : r->hits) ids.push_back(h.record.id);
  return ids;
}

Result<std::unique_ptr<ranking::Searcher>> BuildAndOpen(const std::string& jsonl_path,
                                                        const std::string& index_dir,
                                                        double* seconds, uint64_t* indexed) {
  std::ifstream in(jsonl_path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + jsonl_path);
  const auto t0 = Clock::now();
  auto report = indexer::BuildIndex(in, index_dir, indexer::BuildOptions{});
  if (!report.ok()) return report.status();
  *seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  *indexed = report->indexed;
  return ranking::Searcher::Open(index_dir, ranking::SearcherOptions{});
}

struct Latency {
  double median_ms = 0, p99_ms = 0, mean_ms = 0;
  size_t n = 0, errors = 0;
};

Latency Summarise(std::vector<double> ms, size_t errors) {
  std::sort(ms.begin(), ms.end());
  Latency out;
  out.n = ms.size();
  out.median_ms = Percentile(ms, 0.5);
  out.p99_ms = Percentile(ms, 0.99);
  out.mean_ms = Mean(ms);
  out.errors = errors;
  return out;
}

Latency MeasureRecommend(ranking::Searcher& s, const std::vector<std::string>& profiles, int reps) {
  auto once = [&](const std::string& text, size_t& errors) {
    schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(text);
    if (!parsed.ok()) return ++errors, void();
    auto r = s.Recommend(parsed.profile);
    if (!r.ok()) ++errors;
  };
  Latency out;
  size_t warmup_errors = 0;
  for (const std::string& p : profiles) once(p, warmup_errors);
  std::vector<double> ms;
  ms.reserve(profiles.size() * static_cast<size_t>(reps));
  for (int rep = 0; rep < reps; ++rep) {
    for (const std::string& p : profiles) {
      const auto t0 = Clock::now();
      once(p, out.errors);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  return Summarise(std::move(ms), out.errors);
}

// Similar initiatives: Similar(id, 10) for 33 initiatives spread over a browse of the index
// (page 1 + i × doccount / 33 of one hit each), `reps` times each, after a first pass whose
// times are returned apart in `first_pass` (records not yet read into concepts: what a
// visitor opening an initiative page meets).
Latency MeasureSimilar(ranking::Searcher& s, int reps, Latency* first_pass) {
  constexpr int kIds = 33;
  std::vector<std::string> ids;
  const uint64_t docs = s.DocCount();
  for (int i = 0; i < kIds; ++i) {
    ranking::SearchRequest browse;
    browse.per_page = 1;
    browse.page = 1 + static_cast<int>(docs * static_cast<uint64_t>(i) / kIds);
    auto r = s.Search(browse);
    if (r.ok() && !r->hits.empty()) ids.push_back(r->hits[0].record.id);
  }
  // One pass over the ids: the times and the number of errors.
  auto pass = [&](std::vector<double>& ms, size_t& errors) {
    for (const std::string& id : ids) {
      const auto t0 = Clock::now();
      if (!s.Similar(id, 10).ok()) ++errors;
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  };
  std::vector<double> first_ms;
  size_t first_errors = 0;
  pass(first_ms, first_errors);
  *first_pass = Summarise(std::move(first_ms), first_errors);
  Latency out;
  std::vector<double> ms;
  for (int rep = 0; rep < reps; ++rep) pass(ms, out.errors);
  return Summarise(std::move(ms), out.errors);
}

// (d): the top 10 per profile on `s`, written to `path`; returns the mean total over them.
double DumpTop10(ranking::Searcher& s, const std::vector<std::string>& profiles,
                 const std::string& path) {
  std::ofstream out(path);
  std::vector<double> totals;
  for (size_t i = 0; i < profiles.size(); ++i) {
    schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(profiles[i]);
    if (!parsed.ok()) continue;
    parsed.profile.limit = kK;
    auto r = s.Recommend(parsed.profile);
    if (!r.ok()) continue;
    for (size_t k = 0; k < r->size(); ++k) {
      const ranking::Recommendation& rec = (*r)[k];
      char total[32];
      std::snprintf(total, sizeof total, "%.6f", rec.components.total);
      out << (i + 1) << '\t' << (k + 1) << '\t' << rec.record.id << '\t' << total << '\n';
      totals.push_back(rec.components.total);
    }
  }
  return Mean(totals);
}

void PrintLatencyRow(const std::string& label, uint64_t docs, const Latency& l) {
  std::printf("| %s | %llu | %zu | %.2f | %.2f | %.2f | %zu |\n", label.c_str(),
              static_cast<unsigned long long>(docs), l.n, l.median_ms, l.p99_ms, l.mean_ms,
              l.errors);
}

double LoadAverage() {
  std::string text;
  if (!ReadFile("/proc/loadavg", text)) return -1;
  return std::strtod(text.c_str(), nullptr);
}

// (e) Issue 9's recommendation set: 40 profiles (20 English, 20 German) over the sample plus
// 227 more initiatives (bench/quality/reco_*), judged by reading pooled candidates; folds A
// (odd profiles) and B (even) are tuned on (B was held out until fold D was written), fold C
// (profiles 41-52), fold D (53-64), fold E (65-76), fold F (77-88) and fold G (89-100) were
// written and judged later, each before any change made after it (G with the binary of f7d0949).
// C, F and G are held out; D and E were each held out for one session and are tuned on since
// the next fold was written. nDCG@10 of Recommend and of the lexical baseline per fold, per
// profile language (tuning folds) and the ratio — the held-out folds are the numbers to quote.
// --reco-weights: every Recommend of the bench with these weights (a request's "weights").
std::optional<ranking::RecoWeights> g_weights;
// The folds whose failures may be studied; every other fold is held out.
bool IsTuningFold(const std::string& fold) {
  return fold == "A" || fold == "B" || fold == "D" || fold == "E";
}
int g_explain = 0;           // --reco-explain: 0 = off, else the profile to explain
std::string g_explain_fold;  // --reco-explain A, B, D or E: every profile of that (tuning) fold
int g_sample_explain = 0;    // --sample-explain: 0 = off, -1 = every profile, else one
std::string g_unjudged;      // --unjudged FILE: where to write the reco set's unjudged top-10 ids

// The share of the first kK ids that have a judgment: below 100%, nDCG counts the rest as 0.
double JudgedShare(const std::vector<std::string>& ids, const Grades& judged) {
  size_t n = 0, seen = 0;
  for (; n < ids.size() && n < static_cast<size_t>(kK); ++n) seen += judged.count(ids[n]);
  return n == 0 ? 1.0 : static_cast<double>(seen) / static_cast<double>(n);
}

void ApplyWeights(schemas::CompanyProfile& p) {
  if (!g_weights) return;
  p.weights = {g_weights->need_match, g_weights->semantic,  g_weights->proximity,
               g_weights->topics,     g_weights->languages, g_weights->urgency};
}

// --reco-explain / --sample-explain: the profile's top 10 with judged grades and reasons, then
// where its judged ids of `min_grade` or more stand in a list of 50.
void Explain(ranking::Searcher& s, const schemas::CompanyProfile& p, const Grades& judged,
             int min_grade) {
  if (auto r = s.Recommend(p); r.ok()) {
    for (const ranking::Recommendation& rec : *r) {
      const auto g = judged.find(rec.record.id);
      std::printf("  %s grade %s total %.3f need_match %.2f semantic %.2f | %s\n",
                  rec.record.id.c_str(),
                  g == judged.end() ? "-" : std::to_string(g->second).c_str(), rec.components.total,
                  rec.components.need_match, rec.components.semantic, rec.record.title.c_str());
      for (const ranking::Reason& reason : rec.reasons)
        std::printf("      %s\n", reason.en.c_str());
    }
  }
  schemas::CompanyProfile longer = p;
  longer.limit = 50;
  std::map<std::string, std::string> rank_of;
  if (auto r = s.Recommend(longer); r.ok()) {
    for (size_t i = 0; i < r->size(); ++i) {
      const ranking::Recommendation& rec = (*r)[i];
      char buf[160];
      std::snprintf(buf, sizeof buf, "rank %zu total %.3f need_match %.2f semantic %.2f prox %.2f",
                    i + 1, rec.components.total, rec.components.need_match, rec.components.semantic,
                    rec.components.proximity);
      rank_of[rec.record.id] = buf;
    }
  }
  for (const auto& [id, g] : judged) {
    if (g < min_grade) continue;
    const auto it = rank_of.find(id);
    std::printf("  judged %d: %s (%s)\n", g, id.c_str(),
                it == rank_of.end() ? "not in the first 50" : it->second.c_str());
  }
}

void RecoSet(const std::string& source, const std::string& dir) {
  std::string sample, extra, companies_text, judgments_tsv, folds_tsv;
  if (!ReadFile(source + "/data/sample/initiatives.jsonl", sample) ||
      !ReadFile(source + "/bench/quality/reco_initiatives.jsonl", extra) ||
      !ReadFile(source + "/bench/quality/reco_companies.jsonl", companies_text) ||
      !ReadFile(source + "/bench/quality/reco_judgments.tsv", judgments_tsv) ||
      !ReadFile(source + "/bench/quality/reco_folds.tsv", folds_tsv)) {
    std::printf(
        "## Issue 9's recommendation set\n\n(files under bench/quality/reco_* missing)\n\n");
    return;
  }
  const std::string corpus = dir + "/reco_corpus.jsonl";
  {
    std::ofstream out(corpus, std::ios::binary);
    out << sample << (sample.empty() || sample.back() == '\n' ? "" : "\n") << extra;
  }
  double secs = 0;
  uint64_t docs = 0;
  auto searcher = BuildAndOpen(corpus, dir + "/reco", &secs, &docs);
  if (!searcher.ok()) {
    std::fprintf(stderr, "reco set index: %s\n", searcher.status().ToString().c_str());
    return;
  }
  std::vector<std::string> profiles = Lines(companies_text, false);
  std::map<int, Grades> grades;
  for (const std::string& line : Lines(judgments_tsv, false)) {
    const auto f = SplitTabs(line);
    if (f.size() == 3) grades[std::atoi(f[0].c_str())][f[1]] = std::atoi(f[2].c_str());
  }
  std::map<int, std::string> fold;
  for (const std::string& line : Lines(folds_tsv, false)) {
    const auto f = SplitTabs(line);
    if (f.size() == 2) fold[std::atoi(f[0].c_str())] = f[1];
  }
  std::map<std::string, std::vector<double>> reco,
      base,                      // by "fold A", "fold B", "en", "de", "all"
      reco_judged, base_judged;  // share of the top 10 that is judged (unjudged count as 0)
  std::map<int, std::set<std::string>> unjudged;  // --unjudged: both systems' unjudged top 10
  for (const auto& [no, judged] : grades) {
    if (no < 1 || static_cast<size_t>(no) > profiles.size()) continue;
    schemas::ParsedCompany parsed =
        schemas::ParseCompanyProfile(profiles[static_cast<size_t>(no - 1)]);
    if (!parsed.ok()) {
      std::fprintf(stderr, "reco profile %d does not parse: %s\n", no, parsed.errors[0].en.c_str());
      continue;
    }
    schemas::CompanyProfile p = parsed.profile;
    p.limit = kK;
    ApplyWeights(p);
    std::vector<std::string> ids;
    if (auto r = (*searcher)->Recommend(p); r.ok()) {
      for (const ranking::Recommendation& rec : *r) ids.push_back(rec.record.id);
    }
    std::string error;
    const std::vector<std::string> base_ids =
        SearchIds(**searcher, BaselineQuery(p), ranking::SearchMode::kLexical, &error);
    const std::string lang = text::AnalyzeQuery(p.description, {}).language == "en" ? "en" : "de";
    // Only the profiles asked for, and only of the tuning folds: the per-profile numbers of
    // the held-out folds stay out of sight.
    const bool held_out = !IsTuningFold(fold[no]);
    if (g_explain == no && held_out) {
      std::fprintf(stderr, "--reco-explain: profile %d is in fold %s, which is held out\n", no,
                   fold[no].c_str());
    } else if (g_explain == no || (!g_explain_fold.empty() && fold[no] == g_explain_fold)) {
      std::printf("profile %d (%s, fold %s): recommend %.3f, baseline %.3f — %s\n", no,
                  lang.c_str(), fold[no].c_str(), Ndcg(ids, judged), Ndcg(base_ids, judged),
                  p.name.c_str());
      Explain(**searcher, p, judged, 2);
    }
    // Every fold is a row of its own; "all" and the language rows are the tuning folds.
    std::vector<std::string> keys = {"fold " + fold[no]};
    if (!held_out) {
      keys.push_back("all");
      keys.push_back("profiles in " + lang);
    }
    for (const std::string& key : keys) {
      reco[key].push_back(Ndcg(ids, judged));
      base[key].push_back(Ndcg(base_ids, judged));
      reco_judged[key].push_back(JudgedShare(ids, judged));
      base_judged[key].push_back(JudgedShare(base_ids, judged));
    }
    for (const std::vector<std::string>* list :
         std::initializer_list<const std::vector<std::string>*>{&ids, &base_ids}) {
      for (size_t i = 0; i < list->size() && i < static_cast<size_t>(kK); ++i) {
        if (!judged.count((*list)[i])) unjudged[no].insert((*list)[i]);
      }
    }
  }
  if (!g_unjudged.empty()) {
    // Sorted by profile, then id: the list says nothing about which system ranked an id or
    // where, so whoever judges them reads the records blind to any ranking.
    std::ofstream out(g_unjudged, std::ios::binary);
    for (const auto& [no, ids] : unjudged) {
      for (const std::string& id : ids) out << no << '\t' << id << '\n';
    }
  }
  std::printf(
      "## Issue 9's recommendation set (%llu initiatives, %zu judged profiles; nDCG@10)\n\n"
      "| profiles | n | recommend | lexical baseline | ratio | judged of top 10: recommend | "
      "baseline |\n|---|---:|---:|---:|---:|---:|---:|\n",
      static_cast<unsigned long long>(docs), grades.size());
  // While explaining (tuning on a tuning fold or the sample), only the tuning rows: the rows
  // of the held-out folds stay out of sight.
  const bool tuning = g_explain != 0 || !g_explain_fold.empty() || g_sample_explain != 0;
  for (const auto& [key, scores] : reco) {
    if (tuning && key.rfind("fold ", 0) == 0 && !IsTuningFold(key.substr(5))) continue;
    const double r = Mean(scores), b = Mean(base[key]);
    std::printf("| %s | %zu | %.3f | %.3f | %.2f | %.0f%% | %.0f%% |\n", key.c_str(), scores.size(),
                r, b, b > 0 ? r / b : 0.0, 100 * Mean(reco_judged[key]),
                100 * Mean(base_judged[key]));
  }
  std::printf("\n");
}

int Usage() {
  std::fprintf(stderr,
               "usage: quality_bench [--source DIR] [--corpus FILE.jsonl | --index DIR] [--reps N] "
               "[--dump FILE] [--reco-weights need_match=0.4,...] [--reco-explain N|A|B|D|E] "
               "[--sample-explain N|all] [--unjudged FILE]\n");
  return 2;
}

int Main(int argc, char** argv) {
#ifdef HN_SOURCE_DIR
  std::string source = HN_SOURCE_DIR;
#else
  std::string source = ".";
#endif
  std::string corpus, prebuilt, dump;
  int reps = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return Usage();
    if (flag == "--source") {
      source = argv[++i];
    } else if (flag == "--corpus") {
      corpus = argv[++i];
    } else if (flag == "--index") {
      prebuilt = argv[++i];
    } else if (flag == "--dump") {
      dump = argv[++i];
    } else if (flag == "--reps") {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (flag == "--reco-weights") {
      auto w = ranking::ParseWeights(argv[++i], ranking::RecoWeights{});
      if (!w.ok()) {
        std::fprintf(stderr, "--reco-weights: %s\n", w.status().message().c_str());
        return 2;
      }
      g_weights = *w;
    } else if (flag == "--unjudged") {
      g_unjudged = argv[++i];
    } else if (flag == "--reco-explain") {
      const std::string v = argv[++i];
      if (IsTuningFold(v)) {
        g_explain_fold = v;
      } else {
        g_explain = std::max(1, std::atoi(v.c_str()));
        // Fold C (41-52) and every fold after E (77 on: F and G) are held out.
        if ((g_explain > 40 && g_explain <= 52) || g_explain > 76) {
          std::fprintf(stderr, "--reco-explain: profile %d is in a held-out fold\n", g_explain);
          return 2;
        }
      }
    } else if (flag == "--sample-explain") {
      const std::string v = argv[++i];
      g_sample_explain = v == "all" ? -1 : std::max(1, std::atoi(v.c_str()));
    } else {
      return Usage();
    }
  }

  std::string companies_text, company_tsv, search_tsv;
  if (!ReadFile(source + "/data/sample/companies.jsonl", companies_text) ||
      !ReadFile(source + "/bench/quality/company_judgments.tsv", company_tsv) ||
      !ReadFile(source + "/bench/quality/search_judgments.tsv", search_tsv)) {
    std::fprintf(stderr,
                 "cannot read data/sample/companies.jsonl or bench/quality/*.tsv under %s\n",
                 source.c_str());
    return 1;
  }
  // Line numbers matter: keep blank lines out only at the end.
  std::vector<std::string> profiles = Lines(companies_text, /*keep_blank=*/false);

  std::map<int, Grades> company_grades;
  for (const std::string& line : Lines(company_tsv, false)) {
    const auto f = SplitTabs(line);
    if (f.size() != 3) continue;
    company_grades[std::atoi(f[0].c_str())][f[1]] = std::atoi(f[2].c_str());
  }
  std::map<int, Grades> query_grades;
  std::map<int, std::string> query_text;
  for (const std::string& line : Lines(search_tsv, false)) {
    const auto f = SplitTabs(line);
    if (f.size() != 4) continue;
    const int no = std::atoi(f[0].c_str());
    query_text[no] = f[1];
    query_grades[no][f[2]] = std::atoi(f[3].c_str());
  }

  TempDir tmp;
  if (tmp.path.empty()) {
    std::fprintf(stderr, "mkdtemp failed\n");
    return 1;
  }
  double build_s = 0;
  uint64_t sample_docs = 0;
  auto searcher = BuildAndOpen(source + "/data/sample/initiatives.jsonl", tmp.path + "/sample",
                               &build_s, &sample_docs);
  if (!searcher.ok()) {
    std::fprintf(stderr, "sample index: %s\n", searcher.status().ToString().c_str());
    return 1;
  }
  ranking::Searcher& s = **searcher;

  std::printf(
      "# quality_bench\n\nsample: %llu initiatives indexed in %.1f s; %zu company profiles; "
      "load average at start %.2f\n\n",
      static_cast<unsigned long long>(sample_docs), build_s, profiles.size(), LoadAverage());

  // (a) companies
  std::printf("## Recommendations vs lexical baseline (nDCG@10, %zu judged profiles)\n\n",
              company_grades.size());
  std::printf(
      "| profile | company | judged | recommend | lexical baseline | Δ | recommend, first 10 of "
      "limit 100 |\n"
      "|---:|---|---:|---:|---:|---:|---:|\n");
  std::vector<double> reco_scores, base_scores, wide_scores;
  std::vector<std::pair<int, schemas::CompanyProfile>> explained;  // --sample-explain
  int wins = 0, losses = 0;
  for (const auto& [no, grades] : company_grades) {
    if (no < 1 || static_cast<size_t>(no) > profiles.size()) continue;
    schemas::ParsedCompany parsed =
        schemas::ParseCompanyProfile(profiles[static_cast<size_t>(no - 1)]);
    if (!parsed.ok()) {
      std::printf("| %d | (profile does not parse: %s) | | | | |\n", no,
                  parsed.errors[0].en.c_str());
      continue;
    }
    schemas::CompanyProfile p = parsed.profile;
    p.limit = kK;
    ApplyWeights(p);
    std::vector<std::string> reco_ids, wide_ids;
    auto r = s.Recommend(p);
    if (r.ok()) {
      for (const ranking::Recommendation& rec : *r) reco_ids.push_back(rec.record.id);
    } else {
      std::fprintf(stderr, "profile %d: recommend: %s\n", no, r.status().ToString().c_str());
    }
    // Diagnostic: the same profile with limit 100, cut to 10 (stage 1 keeps kPreciseFactor ×
    // limit candidates, so a larger limit scores more of them precisely).
    schemas::CompanyProfile wide = p;
    wide.limit = schemas::CompanyProfile::kMaxLimit;
    if (auto w = s.Recommend(wide); w.ok()) {
      for (const ranking::Recommendation& rec : *w) {
        if (wide_ids.size() < static_cast<size_t>(kK)) wide_ids.push_back(rec.record.id);
      }
    }
    std::string error;
    const std::vector<std::string> base_ids =
        SearchIds(s, BaselineQuery(p), ranking::SearchMode::kLexical, &error);
    if (!error.empty())
      std::fprintf(stderr, "profile %d: baseline search: %s\n", no, error.c_str());
    const double a = Ndcg(reco_ids, grades), b = Ndcg(base_ids, grades), c = Ndcg(wide_ids, grades);
    reco_scores.push_back(a);
    base_scores.push_back(b);
    wide_scores.push_back(c);
    wins += a > b + 1e-9;
    losses += a + 1e-9 < b;
    std::printf("| %d | %s | %zu | %.3f | %.3f | %+.3f | %.3f |\n", no, p.name.c_str(),
                grades.size(), a, b, a - b, c);
    if (g_sample_explain == -1 || g_sample_explain == no) explained.push_back({no, p});
  }
  std::printf("| **mean** | | | **%.3f** | **%.3f** | **%+.3f** | **%.3f** |\n\n",
              Mean(reco_scores), Mean(base_scores), Mean(reco_scores) - Mean(base_scores),
              Mean(wide_scores));
  std::printf("recommend better on %d profiles, worse on %d, equal on %zu.\n\n", wins, losses,
              reco_scores.size() - static_cast<size_t>(wins + losses));
  for (const auto& [no, p] : explained) {
    std::printf("sample profile %d — %s\n", no, p.name.c_str());
    Explain(s, p, company_grades[no], 1);
  }
  if (!explained.empty()) std::printf("\n");

  // (b) search
  std::printf("## Search: lexical vs hybrid (nDCG@10, %zu queries)\n\n", query_grades.size());
  std::printf("| # | query | judged | lexical | hybrid | Δ |\n|---:|---|---:|---:|---:|---:|\n");
  std::vector<double> lex_scores, hyb_scores;
  size_t identical = 0;
  for (const auto& [no, grades] : query_grades) {
    std::string e1, e2;
    const auto lex = SearchIds(s, query_text[no], ranking::SearchMode::kLexical, &e1);
    const auto hyb = SearchIds(s, query_text[no], ranking::SearchMode::kHybrid, &e2);
    if (!e1.empty()) std::fprintf(stderr, "query %d lexical: %s\n", no, e1.c_str());
    if (!e2.empty()) std::fprintf(stderr, "query %d hybrid: %s\n", no, e2.c_str());
    identical += lex == hyb;
    const double a = Ndcg(lex, grades), b = Ndcg(hyb, grades);
    lex_scores.push_back(a);
    hyb_scores.push_back(b);
    std::printf("| %d | %s | %zu | %.3f | %.3f | %+.3f |\n", no, query_text[no].c_str(),
                grades.size(), a, b, b - a);
  }
  std::printf("| **mean** | | | **%.3f** | **%.3f** | **%+.3f** |\n\n", Mean(lex_scores),
              Mean(hyb_scores), Mean(hyb_scores) - Mean(lex_scores));
  std::printf("identical top-10 lists in both modes: %zu of %zu queries%s\n\n", identical,
              query_grades.size(),
              identical == query_grades.size() ? " (hybrid mode not active in this build)" : "");

  RecoSet(source, tmp.path);
  std::fflush(stdout);

  // (c) latency
  std::printf(
      "## Recommendation latency (in process: JSON profile → parse → Recommend; %zu profiles × "
      "%d)\n\n",
      profiles.size(), reps);
  std::printf(
      "| corpus | initiatives | calls | median ms | p99 ms | mean ms | errors "
      "|\n|---|---:|---:|---:|---:|---:|---:|\n");
  PrintLatencyRow("sample", sample_docs, MeasureRecommend(s, profiles, reps));
  std::fflush(stdout);
  std::vector<std::tuple<std::string, Latency, Latency>>
      similar;  // printed after the recommendations
  {
    Latency first;
    const Latency then = MeasureSimilar(s, reps, &first);
    similar.emplace_back("sample", first, then);
  }
  if (!corpus.empty() || !prebuilt.empty()) {
    std::unique_ptr<ranking::Searcher> big;
    uint64_t docs = 0;
    std::string label;
    if (!prebuilt.empty()) {
      auto opened = ranking::Searcher::Open(prebuilt, ranking::SearcherOptions{});
      if (!opened.ok()) {
        std::fprintf(stderr, "--index %s: %s\n", prebuilt.c_str(),
                     opened.status().ToString().c_str());
      } else {
        big = std::move(*opened);
        docs = big->DocCount();
        label = std::filesystem::path(prebuilt).filename().string();
      }
    } else {
      double secs = 0;
      auto built = BuildAndOpen(corpus, tmp.path + "/corpus", &secs, &docs);
      if (!built.ok()) {
        std::fprintf(stderr, "--corpus %s: %s\n", corpus.c_str(),
                     built.status().ToString().c_str());
      } else {
        big = std::move(*built);
        label = std::filesystem::path(corpus).filename().string();
        std::fprintf(stderr, "built %s (%llu initiatives) in %.0f s\n", corpus.c_str(),
                     static_cast<unsigned long long>(docs), secs);
      }
    }
    if (big) PrintLatencyRow(label, docs, MeasureRecommend(*big, profiles, reps));
    if (big) {
      Latency first;
      const Latency then = MeasureSimilar(*big, reps, &first);
      similar.emplace_back(label, first, then);
    }
    if (big && !dump.empty()) {
      std::printf("\ntop 10 per profile on %s written to %s; mean total of the top 10: %.4f\n",
                  label.c_str(), dump.c_str(), DumpTop10(*big, profiles, dump));
    }
  }
  std::printf(
      "\n## Similar initiatives latency (in process: Similar(id, 10) for up to 33 initiatives; "
      "first "
      "pass, then %d more)\n\n",
      reps);
  std::printf(
      "| corpus | first pass median ms | first pass p99 ms | calls | median ms | p99 ms | mean ms "
      "| errors |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [label, first, l] : similar) {
    std::printf("| %s | %.2f | %.2f | %zu | %.2f | %.2f | %.2f | %zu |\n", label.c_str(),
                first.median_ms, first.p99_ms, l.n, l.median_ms, l.p99_ms, l.mean_ms,
                l.errors + first.errors);
  }
  std::printf("\nload average at end %.2f\n", LoadAverage());
  return 0;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
