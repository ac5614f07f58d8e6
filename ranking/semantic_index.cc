#include "ranking/semantic_index.h"

#include <algorithm>
#include <fstream>
#include <limits>

#include <Eigen/Core>
#include <map>
#include <mutex>
#include <sstream>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "embed/vector_codec.h"

namespace hilfsnetz::ranking {
namespace {

struct CacheKey {
  std::string path;
  Xapian::rev revision;
  bool operator<(const CacheKey& o) const {
    return path != o.path ? path < o.path : revision < o.revision;
  }
};

std::mutex cache_mu;
std::map<CacheKey, std::weak_ptr<const SemanticIndex>> cache;  // guarded by cache_mu

Result<std::optional<embed::Embedder>> LoadEmbedder(const std::string& generation_path) {
  std::ifstream in(generation_path + "/" + std::string(layout::kEmbedderFile), std::ios::binary);
  if (!in) return std::optional<embed::Embedder>();
  std::stringstream bytes;
  bytes << in.rdbuf();
  Result<embed::Embedder> e = embed::Embedder::Deserialize(bytes.str());
  if (!e.ok()) return e.status();
  return std::optional<embed::Embedder>(std::move(*e));
}

// Eigen vectorises the reduction (a plain loop does not without -ffast-math); this runs in the
// recommender's inner loops (candidate scoring, diversity).
double Dot(std::span<const float> a, std::span<const float> b) {
  const auto n = static_cast<Eigen::Index>(std::min(a.size(), b.size()));
  return Eigen::Map<const Eigen::VectorXf>(a.data(), n)
      .dot(Eigen::Map<const Eigen::VectorXf>(b.data(), n));
}

}  // namespace

double SemanticIndex::Similarity(Xapian::docid a, Xapian::docid b) const {
  auto ra = RowOf(a), rb = RowOf(b);
  if (!ra || !rb) return 0;
  return Dot(vectors_.Row(*ra), vectors_.Row(*rb));
}

double SemanticIndex::Similarity(std::span<const float> query, Xapian::docid doc) const {
  auto r = RowOf(doc);
  if (!r || query.size() != vectors_.dimension()) return 0;
  return Dot(query, vectors_.Row(*r));
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::For(const std::string& generation_path,
                                                                const Xapian::Database& db) {
  const CacheKey key{generation_path, db.get_revision()};
  std::lock_guard<std::mutex> lock(cache_mu);  // one build at a time; others wait and share it
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto alive = it->second.lock()) return alive;
  }
  const std::string dims_text = db.get_metadata(std::string(layout::kMetaEmbeddingDims));
  if (dims_text.empty()) return std::shared_ptr<const SemanticIndex>();
  const int dims = std::stoi(dims_text);

  std::vector<float> flat;
  std::vector<Xapian::docid> docs;
  Status s = GuardXapian("loading embeddings", [&]() -> Status {
    for (auto it = db.valuestream_begin(layout::kSlotEmbedding);
         it != db.valuestream_end(layout::kSlotEmbedding); ++it) {
      Result<std::vector<float>> v = embed::ParseVector(*it, dims);
      if (!v.ok())
        return DataLossError("embedding of document " + std::to_string(it.get_docid()) + ": " +
                             v.status().message());
      flat.insert(flat.end(), v->begin(), v->end());
      docs.push_back(it.get_docid());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  Result<std::optional<embed::Embedder>> e = LoadEmbedder(generation_path);
  if (!e.ok()) return e.status();
  std::shared_ptr<const embed::Embedder> embedder;
  if (*e) embedder = std::make_shared<const embed::Embedder>(std::move(**e));
  return MakeLocked(dims, std::move(flat), std::move(docs), db.get_lastdocid(), std::move(embedder),
                    key.path, key.revision);
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::Patched(
    const SemanticIndex& base, const std::string& generation_path, const Xapian::Database& db,
    const std::vector<Xapian::docid>& changed) {
  const CacheKey key{generation_path, db.get_revision()};
  std::lock_guard<std::mutex> lock(cache_mu);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto alive = it->second.lock()) return alive;
  }
  const int dims = base.dimensions();
  std::vector<float> flat;
  std::vector<Xapian::docid> docs;
  flat.reserve(base.doc_of_row_.size() * static_cast<size_t>(dims));
  docs.reserve(base.doc_of_row_.size() + changed.size());
  // The changed documents' vectors, read again (a deleted one or one without: none).
  std::vector<std::pair<Xapian::docid, std::vector<float>>> fresh;
  Status s = GuardXapian("loading changed embeddings", [&]() -> Status {
    for (Xapian::docid d : changed) {  // sorted
      std::string value;
      try {
        value = db.get_document(d).get_value(layout::kSlotEmbedding);
      } catch (const Xapian::DocNotFoundError&) {
        continue;  // deleted
      }
      if (value.empty()) continue;
      Result<std::vector<float>> v = embed::ParseVector(value, dims);
      if (!v.ok()) {
        return DataLossError("embedding of document " + std::to_string(d) + ": " +
                             v.status().message());
      }
      fresh.emplace_back(d, std::move(*v));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  // Merged in docid order, as a rebuild reads them: the unchanged rows are copied.
  size_t next = 0;
  auto take_fresh_before = [&](Xapian::docid limit) {
    for (; next < fresh.size() && fresh[next].first < limit; ++next) {
      flat.insert(flat.end(), fresh[next].second.begin(), fresh[next].second.end());
      docs.push_back(fresh[next].first);
    }
  };
  for (uint32_t r = 0; r < base.doc_of_row_.size(); ++r) {
    const Xapian::docid d = base.doc_of_row_[r];
    take_fresh_before(d);
    if (std::binary_search(changed.begin(), changed.end(), d)) continue;
    const std::span<const float> row = base.vectors_.Row(r);
    flat.insert(flat.end(), row.begin(), row.end());
    docs.push_back(d);
  }
  take_fresh_before(std::numeric_limits<Xapian::docid>::max());  // docids past the base's
  return MakeLocked(dims, std::move(flat), std::move(docs), db.get_lastdocid(), base.embedder_,
                    key.path, key.revision);
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::MakeLocked(
    int dims, std::vector<float> flat, std::vector<Xapian::docid> docs, Xapian::docid last_doc,
    std::shared_ptr<const embed::Embedder> embedder, const std::string& path,
    Xapian::rev revision) {
  vector::VectorIndexOptions options;
  options.normalize = false;  // stored vectors are unit length (or zero: "no evidence")
  options.int8 = false;       // callers scan with kAuto (float32, or int4 on large indexes)
  Result<vector::VectorIndex> vi =
      vector::VectorIndex::Build(static_cast<size_t>(dims), flat, options);
  if (!vi.ok()) return vi.status();
  std::shared_ptr<SemanticIndex> out(new SemanticIndex(std::move(*vi)));
  out->doc_of_row_ = std::move(docs);
  out->row_of_doc_.assign(static_cast<size_t>(last_doc) + 1, kNoRow);
  for (uint32_t r = 0; r < out->doc_of_row_.size(); ++r) out->row_of_doc_[out->doc_of_row_[r]] = r;
  out->embedder_ = std::move(embedder);
  for (auto it = cache.begin(); it != cache.end();) {  // drop snapshots nobody holds
    it = it->second.expired() ? cache.erase(it) : std::next(it);
  }
  cache[CacheKey{path, revision}] = out;
  return std::shared_ptr<const SemanticIndex>(out);
}

}  // namespace hilfsnetz::ranking
