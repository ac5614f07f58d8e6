// hilfsnetz itself, in process: indexer::BuildIndex for the build (the same path as
// `hilfsnetz index`), ranking::Searcher for the search (the same path as GET /v1/search
// minus HTTP and JSON). Request: q, relevance order, page 1, per_page 10, lexical mode,
// default filters (active initiatives only); with facets also district, need, topic and
// language facet counts. Index size: the published generation directory (DIR/<CURRENT>).
// hilfsnetz-browse: the same index browsed without words (bench/workloads/browse.txt).
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "bench/peers/peer.h"
#include "core/index_layout.h"
#include "indexer/index_builder.h"
#include "ranking/search_request.h"
#include "ranking/searcher.h"
#include "server/search_params.h"

namespace hilfsnetz::bench {
namespace {

Status OpenSearcher(const std::string& dir, std::unique_ptr<ranking::Searcher>& out) {
  auto searcher = ranking::Searcher::Open(dir, ranking::SearcherOptions{});
  if (!searcher.ok()) return searcher.status();
  out = std::move(*searcher);
  return Status::Ok();
}

// The published generation directory (DIR/<CURRENT>) on disk.
Result<uint64_t> GenerationBytes(const std::string& dir) {
  Result<std::string> gen = layout::CurrentGenerationPath(dir);
  if (!gen.ok()) return gen.status();
  return DiskBytes(*gen);
}

class HilfsnetzPeer final : public Peer {
 public:
  HilfsnetzPeer(std::string dir, bool facets, bool build)
      : dir_(std::move(dir)), facets_(facets), build_(build) {
    request_.per_page = 10;
    if (facets_) {
      request_.facets = {ranking::FacetField::kDistrict, ranking::FacetField::kNeed,
                         ranking::FacetField::kTopic, ranking::FacetField::kLanguage};
    }
  }

  std::string Name() const override { return facets_ ? "hilfsnetz+facets" : "hilfsnetz"; }
  bool OwnsIndex() const override { return build_; }
  bool HasIndex() const override { return std::filesystem::exists(dir_ + "/CURRENT"); }

  Status Build(const std::string& corpus_path) override {
    if (!build_) return Status::Ok();
    std::ifstream in(corpus_path, std::ios::binary);
    if (!in) return NotFoundError("cannot read corpus " + corpus_path);
    Result<indexer::BuildReport> report = indexer::BuildIndex(in, dir_, indexer::BuildOptions{});
    if (!report.ok()) return report.status();
    if (!report->rejected.empty()) {
      const auto& first = report->rejected.front();
      return InvalidArgumentError("hilfsnetz rejected " + std::to_string(report->rejected.size()) +
                                  " records; first: line " + std::to_string(first.line) + " " +
                                  first.error.field + ": " + first.error.en);
    }
    return Status::Ok();
  }

  Status OpenForSearch() override { return OpenSearcher(dir_, searcher_); }

  Result<uint64_t> IndexBytes() override { return GenerationBytes(dir_); }

  Result<SearchOutcome> Search(const std::string& q) override {
    request_.q = q;
    Result<ranking::SearchResult> result = searcher_->Search(request_);
    if (!result.ok()) return result.status();
    SearchOutcome out;
    out.hits = static_cast<int>(result->hits.size());
    for (const ranking::Hit& hit : result->hits) {
      out.data_bytes += hit.record.description.size() + hit.highlights.description.size();
    }
    return out;
  }

 private:
  std::string dir_;
  bool facets_;
  bool build_;
  ranking::SearchRequest request_;
  std::unique_ptr<ranking::Searcher> searcher_;
};

// Browsing: no words, filters only, all four facets (the staff view's and a filter sidebar's
// request). Each workload line is a URL query, parsed once, up front, by the API's own parser.
class HilfsnetzBrowsePeer final : public Peer {
 public:
  HilfsnetzBrowsePeer(std::string dir, std::vector<std::string> lines)
      : dir_(std::move(dir)), lines_(std::move(lines)) {}

  std::string Name() const override { return "hilfsnetz-browse"; }
  bool OwnsIndex() const override { return false; }
  const std::vector<std::string>* Workload() const override { return &lines_; }
  Status Build(const std::string&) override { return Status::Ok(); }

  Status OpenForSearch() override {
    for (const std::string& line : lines_) {
      server::Params params = {{"facets", "district,need,topic,language"}};
      std::istringstream in(line == "-" ? "" : line);
      for (std::string pair; std::getline(in, pair, '&');) {
        const size_t eq = pair.find('=');
        params.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
      }
      auto parsed = server::ParseSearchParams(params);
      if (auto* error = std::get_if<server::ApiError>(&parsed)) {
        return InvalidArgumentError("browse workload line '" + line + "': " + error->detail_en);
      }
      requests_[line] = std::get<ranking::SearchRequest>(std::move(parsed));
    }
    return OpenSearcher(dir_, searcher_);
  }

  Result<uint64_t> IndexBytes() override { return GenerationBytes(dir_); }

  Result<SearchOutcome> Search(const std::string& line) override {
    Result<ranking::SearchResult> result = searcher_->Search(requests_.at(line));
    if (!result.ok()) return result.status();
    SearchOutcome out;
    out.hits = static_cast<int>(result->hits.size());
    for (const ranking::Hit& hit : result->hits) out.data_bytes += hit.record.description.size();
    for (const auto& [field, buckets] : result->facets) out.data_bytes += buckets.size();
    return out;
  }

 private:
  std::string dir_;
  std::vector<std::string> lines_;
  std::map<std::string, ranking::SearchRequest> requests_;
  std::unique_ptr<ranking::Searcher> searcher_;
};

}  // namespace

std::unique_ptr<Peer> MakeHilfsnetzBrowsePeer(const std::string& dir,
                                              std::vector<std::string> requests) {
  return std::make_unique<HilfsnetzBrowsePeer>(dir, std::move(requests));
}

std::unique_ptr<Peer> MakeHilfsnetzPeer(const std::string& dir, bool facets, bool build) {
  return std::make_unique<HilfsnetzPeer>(dir, facets, build);
}

}  // namespace hilfsnetz::bench
