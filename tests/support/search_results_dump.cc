// hn_results_dump --index DIR --out FILE [--source DIR]: runs the results golden test's
// workload (search_workload.h) over any index and writes the answers as the test renders them,
// estimated totals with their numbers. Two builds' dumps over the same index (the 100k bench
// corpus, say) differ only where their answers differ: the golden test's check at a scale
// where Xapian prunes and scores tie more often than on the 270-record sample.
// Exit 0 on success, 1 on a bad argument or an index that does not open.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "ranking/searcher.h"
#include "tests/support/search_workload.h"

int main(int argc, char** argv) {
  std::string index, out_path, source = HN_SOURCE_DIR;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--index")) {
      index = argv[i + 1];
    } else if (!std::strcmp(argv[i], "--out")) {
      out_path = argv[i + 1];
    } else if (!std::strcmp(argv[i], "--source")) {
      source = argv[i + 1];
    }
  }
  if (index.empty() || out_path.empty()) {
    std::fprintf(stderr, "usage: hn_results_dump --index DIR --out FILE [--source DIR]\n");
    return 1;
  }
  using hilfsnetz::ranking::Searcher;
  std::string error;
  const auto workload = hilfsnetz::testing::SearchWorkload(source, error);
  if (workload.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  auto searcher = Searcher::Open(index, {});
  hilfsnetz::ranking::SearcherOptions pruned_options;
  pruned_options.exact_total_limit = hilfsnetz::testing::kPrunedTotalLimit;
  auto pruned = Searcher::Open(index, pruned_options);
  if (!searcher.ok() || !pruned.ok()) {
    std::fprintf(stderr, "%s\n", searcher.status().ToString().c_str());
    return 1;
  }
  std::ofstream out(out_path, std::ios::trunc);
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 1;
  }
  hilfsnetz::testing::RenderOptions options;
  options.estimated_totals = true;
  for (const auto& w : workload) {
    Searcher& s = w.pruned ? **pruned : **searcher;
    out << hilfsnetz::testing::RenderAnswer(w.key, s.Search(w.request), options);
  }
  return out ? 0 : 1;
}
