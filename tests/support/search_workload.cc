#include "tests/support/search_workload.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "schemas/initiative.h"

namespace hilfsnetz::testing {
namespace {

using ranking::FacetField;
using ranking::SearchRequest;

constexpr FacetField kFacets[] = {FacetField::kDistrict, FacetField::kNeed, FacetField::kTopic,
                                  FacetField::kLanguage};
// How many queries of queries.txt are also asked with a filter, and newest first.
constexpr size_t kFilteredQueries = 40;
constexpr size_t kNewestQueries = 20;

bool ReadLines(const std::string& path, std::vector<std::string>& lines, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    lines.push_back(line);
  }
  return true;
}

std::vector<std::string> Columns(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string c; std::getline(in, c, '\t');) out.push_back(c);
  return out;
}

// The distinct values of one column of a TSV file, in file order.
bool DistinctColumn(const std::string& path, size_t column, std::vector<std::string>& out,
                    std::string& error) {
  std::vector<std::string> lines;
  if (!ReadLines(path, lines, error)) return false;
  std::set<std::string> seen;
  for (const std::string& line : lines) {
    std::vector<std::string> c = Columns(line);
    if (c.size() <= column) {
      error = path + ": a line without column " + std::to_string(column + 1) + ": " + line;
      return false;
    }
    if (seen.insert(c[column]).second) out.push_back(c[column]);
  }
  return true;
}

// A browse.txt line ("district=Mitte&need=money", "-" for none) as filters.
bool ParseFilters(const std::string& line, ranking::Filters& f, std::string& error) {
  if (line == "-") return true;
  std::istringstream in(line);
  for (std::string pair; std::getline(in, pair, '&');) {
    const size_t eq = pair.find('=');
    const std::string name = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (name == "district") {
      f.districts.push_back(value);
    } else if (name == "topic") {
      f.topics.push_back(value);
    } else if (name == "language") {
      f.languages.push_back(value);
    } else if (name == "need" && schemas::ParseNeedType(value)) {
      f.needs.push_back(*schemas::ParseNeedType(value));
    } else {
      error = "browse.txt: cannot read '" + pair + "'";
      return false;
    }
  }
  return true;
}

class Builder {
 public:
  void Add(const std::string& key, SearchRequest req, bool pruned = false) {
    if (!keys_.insert(key).second) return;
    out_.push_back({key, std::move(req), pruned});
  }
  std::vector<WorkloadRequest> Take() { return std::move(out_); }

 private:
  std::set<std::string> keys_;
  std::vector<WorkloadRequest> out_;
};

SearchRequest Query(const std::string& q, bool facets) {
  SearchRequest req;
  req.q = q;
  if (facets) req.facets.assign(std::begin(kFacets), std::end(kFacets));
  return req;
}

}  // namespace

std::vector<WorkloadRequest> SearchWorkload(const std::string& source_dir, std::string& error) {
  std::vector<std::string> judged, crosslingual, queries, browse;
  if (!DistinctColumn(source_dir + "/bench/quality/search_judgments.tsv", 1, judged, error) ||
      !DistinctColumn(source_dir + "/bench/quality/crosslingual_queries.tsv", 3, crosslingual,
                      error) ||
      !ReadLines(source_dir + "/bench/workloads/queries.txt", queries, error) ||
      !ReadLines(source_dir + "/bench/workloads/browse.txt", browse, error)) {
    return {};
  }
  std::vector<ranking::Filters> filters;
  for (const std::string& line : browse) {
    ranking::Filters f;
    if (!ParseFilters(line, f, error)) return {};
    filters.push_back(std::move(f));
  }

  Builder b;
  for (const std::string& q : judged) b.Add("judged lexical+facets: " + q, Query(q, true));
  for (const std::string& q : judged) {
    SearchRequest req = Query(q, true);
    req.mode = ranking::SearchMode::kHybrid;
    b.Add("judged hybrid+facets: " + q, req);
  }
  for (const std::string& q : judged) {
    SearchRequest req = Query(q, false);
    req.page = 2;
    b.Add("judged page 2: " + q, req);
  }
  for (const std::string& q : judged) {
    SearchRequest req = Query(q, true);
    req.prefix = ranking::PrefixMode::kLast;
    b.Add("judged prefix+facets: " + q, req);
  }
  for (const std::string& q : crosslingual) b.Add("crosslingual+facets: " + q, Query(q, true));
  for (const std::string& q : queries) b.Add("queries+facets: " + q, Query(q, true));
  for (const std::string& q : queries) b.Add("queries pruned: " + q, Query(q, false), true);
  for (size_t i = 0; i < queries.size() && i < kFilteredQueries && filters.size() > 1; ++i) {
    // Cycle through the filter sets, skipping the first ("-": no filter).
    const size_t f = 1 + i % (filters.size() - 1);
    SearchRequest req = Query(queries[i], true);
    req.filters = filters[f];
    b.Add("queries filtered+facets: " + queries[i] + " & " + browse[f], req);
  }
  for (size_t i = 0; i < queries.size() && i < kNewestQueries; ++i) {
    SearchRequest req = Query(queries[i], true);
    req.sort = ranking::SortOrder::kNewest;
    b.Add("queries newest+facets: " + queries[i], req);
  }
  for (size_t i = 0; i < browse.size(); ++i) {
    SearchRequest req = Query("", true);
    req.filters = filters[i];
    b.Add("browse+facets: " + browse[i], req);
  }
  return b.Take();
}

std::string RenderAnswer(const std::string& key, const Result<ranking::SearchResult>& answer,
                         const RenderOptions& options) {
  std::string out = "== " + key + "\n";
  if (!answer.ok()) return out + "error " + answer.status().ToString() + "\n";
  const ranking::SearchResult& r = *answer;
  if (r.total_exact) {
    out += "total " + std::to_string(r.total) + "\n";
  } else {
    out += options.estimated_totals ? "total ~" + std::to_string(r.total) + "\n" : "total ~\n";
  }
  if (r.did_you_mean) out += "did_you_mean " + *r.did_you_mean + "\n";
  for (size_t i = 0; i < r.hits.size(); ++i) {
    const ranking::Hit& h = r.hits[i];
    char score[64];
    std::snprintf(score, sizeof score, "%.5f", h.score);
    out += std::to_string(i + 1) + " " + h.record.id + " t" + std::to_string(h.tier) + " " + score +
           "\n";
  }
  for (const auto& [field, buckets] : r.facets) {
    out += "facet " + std::string(ranking::FacetFieldName(field)) + ":";
    for (const auto& [value, count] : buckets) out += " " + value + "=" + std::to_string(count);
    out += "\n";
  }
  return out;
}

}  // namespace hilfsnetz::testing
