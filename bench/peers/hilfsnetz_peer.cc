// hilfsnetz itself, in process: indexer::BuildIndex for the build (the same path as
// `hilfsnetz index`), ranking::Searcher for the search (the same path as GET /v1/search
// minus HTTP and JSON). Request: q, relevance order, page 1, per_page 10, lexical mode,
// default filters (active initiatives only); with facets also district, need, topic and
// language facet counts. Index size: the published generation directory (DIR/<CURRENT>).
#include <fstream>
#include <memory>
#include <string>

#include "bench/peers/peer.h"
#include "core/index_layout.h"
#include "indexer/index_builder.h"
#include "ranking/search_request.h"
#include "ranking/searcher.h"

namespace hilfsnetz::bench {
namespace {

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

  Status OpenForSearch() override {
    auto searcher = ranking::Searcher::Open(dir_, ranking::SearcherOptions{});
    if (!searcher.ok()) return searcher.status();
    searcher_ = std::move(*searcher);
    return Status::Ok();
  }

  Result<uint64_t> IndexBytes() override {
    Result<std::string> gen = layout::CurrentGenerationPath(dir_);
    if (!gen.ok()) return gen.status();
    return DiskBytes(*gen);
  }

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

}  // namespace

std::unique_ptr<Peer> MakeHilfsnetzPeer(const std::string& dir, bool facets, bool build) {
  return std::make_unique<HilfsnetzPeer>(dir, facets, build);
}

}  // namespace hilfsnetz::bench
