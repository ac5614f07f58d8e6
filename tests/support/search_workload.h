// The fixed search workload of the results golden test (issue 13: a leaner query must give the
// same answers) and the text each answer is compared as.
//
//   for (const WorkloadRequest& w : SearchWorkload(source_dir)) {
//     Searcher& s = w.pruned ? pruned_searcher : searcher;
//     text += RenderAnswer(w.key, s.Search(w.request), {});
//   }
//
// The requests come from the bench's own files, read from `source_dir` (the source tree):
// the 50 judged queries (bench/quality/search_judgments.tsv), the cross-lingual queries
// (bench/quality/crosslingual_queries.tsv), bench/workloads/queries.txt and browse.txt, in
// the variants listed in search_workload.cc (facets, hybrid, page 2, prefix, filters, newest
// first, and a pruned match). Each request has a unique key; duplicates are dropped.
//
// An answer renders as a block: "== key", the total, one line per hit (rank, id, tier, score
// to 5 decimals) and one line per facet (value count, in the answer's order). Equal blocks mean
// the same ids in the same order with the same scores, total and facet counts.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ranking/search_request.h"

namespace hilfsnetz::testing {

struct WorkloadRequest {
  std::string key;  // unique; starts the rendered block
  ranking::SearchRequest request;
  // Run on a Searcher with SearcherOptions::exact_total_limit = kPrunedTotalLimit, so that the
  // page comes from Xapian's pruned match (on the 270-record sample every other request counts
  // every match).
  bool pruned = false;
};

inline constexpr uint32_t kPrunedTotalLimit = 20;

// The workload; an empty list when a bench file cannot be read (`error` says which).
std::vector<WorkloadRequest> SearchWorkload(const std::string& source_dir, std::string& error);

struct RenderOptions {
  // An estimated total (past exact_total_limit) is written as "total ~" without the number:
  // Xapian's estimate depends on the query's shape, not only on its answer. True writes it.
  bool estimated_totals = false;
};

// The block of one answer (or of its error), ending in a newline.
std::string RenderAnswer(const std::string& key, const Result<ranking::SearchResult>& answer,
                         const RenderOptions& options);

}  // namespace hilfsnetz::testing
