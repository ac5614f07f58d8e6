#include "ranking/semantic_index.h"

#include <algorithm>
#include <fstream>
#include <limits>

#include <Eigen/Core>
#include <sstream>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "embed/vector_codec.h"

namespace hilfsnetz::ranking {
namespace {

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

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::Load(const std::string& generation_path,
                                                                 const Xapian::Database& db) {
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
  return Make(dims, std::move(flat), std::move(docs), db.get_lastdocid(), std::move(embedder));
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::Patched(
    const SemanticIndex& base, const Xapian::Database& db,
    const std::vector<Xapian::docid>& changed) {
  // A copy of the matrix shares its chunks with the base (vector::VectorIndex copies a chunk
  // only when it is written). A changed document's old row becomes a dead row and its new
  // vector is appended, so a commit writes the last chunk or two, wherever its documents lie.
  std::shared_ptr<SemanticIndex> out(new SemanticIndex(base.vectors_));
  out->doc_of_row_ = base.doc_of_row_;
  out->row_of_doc_ = base.row_of_doc_;
  out->row_of_doc_.resize(static_cast<size_t>(db.get_lastdocid()) + 1, kNoRow);
  out->embedder_ = base.embedder_;
  const int dims = base.dimensions();
  Status s = GuardXapian("loading changed embeddings", [&]() -> Status {
    for (Xapian::docid d : changed) {
      if (d >= out->row_of_doc_.size()) out->row_of_doc_.resize(static_cast<size_t>(d) + 1, kNoRow);
      std::string value;
      try {
        value = db.get_document(d).get_value(layout::kSlotEmbedding);
      } catch (const Xapian::DocNotFoundError&) {
        // deleted: no vector
      }
      uint32_t& row = out->row_of_doc_[d];
      if (row != kNoRow) {
        Status removed = out->vectors_.Remove(row);
        if (!removed.ok()) return removed;
        row = kNoRow;
      }
      if (value.empty()) continue;
      Result<std::vector<float>> v = embed::ParseVector(value, dims);
      if (!v.ok()) {
        return DataLossError("embedding of document " + std::to_string(d) + ": " +
                             v.status().message());
      }
      row = static_cast<uint32_t>(out->vectors_.num_rows());
      out->doc_of_row_.push_back(d);
      Status set = out->vectors_.Set(row, *v);
      if (!set.ok()) return set;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  const size_t dead = out->vectors_.num_rows() - out->vectors_.num_live_rows();
  if (dead > std::max(kMinDeadRowsToCompact, out->vectors_.num_live_rows() / 8)) {
    return out->Compacted(db.get_lastdocid());
  }
  return std::shared_ptr<const SemanticIndex>(out);
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::Compacted(
    Xapian::docid last_doc) const {
  const size_t dims = vectors_.dimension();
  std::vector<float> flat;
  std::vector<Xapian::docid> docs;
  flat.reserve(vectors_.num_live_rows() * dims);
  docs.reserve(vectors_.num_live_rows());
  for (Xapian::docid d = 0; d < row_of_doc_.size(); ++d) {
    if (row_of_doc_[d] == kNoRow) continue;
    const std::span<const float> v = vectors_.Row(row_of_doc_[d]);
    flat.insert(flat.end(), v.begin(), v.end());
    docs.push_back(d);
  }
  return Make(static_cast<int>(dims), std::move(flat), std::move(docs), last_doc, embedder_);
}

Result<std::shared_ptr<const SemanticIndex>> SemanticIndex::Make(
    int dims, std::vector<float> flat, std::vector<Xapian::docid> docs, Xapian::docid last_doc,
    std::shared_ptr<const embed::Embedder> embedder) {
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
  return std::shared_ptr<const SemanticIndex>(out);
}

}  // namespace hilfsnetz::ranking
