// SemanticIndex: the embeddings of one index revision as a contiguous matrix (vector::
// VectorIndex) plus the embedder that projects queries and company profiles into the same
// space. A cache of what the database stores (value slot kSlotEmbedding, and the model file
// DIR/<generation>/embedder.bin for corpus-trained embeddings), rebuilt when the revision
// changes and shared by all searchers of that revision (one copy of the matrix per process).
//
// Thread-safety: immutable once built; For() is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/result.h"
#include "embed/embedder.h"
#include "vector/vector_index.h"

namespace hilfsnetz::ranking {

class SemanticIndex {
 public:
  // The shared snapshot for (generation path, db revision); built on first request.
  // Returns nullptr when the index holds no embeddings (built before embeddings existed).
  static Result<std::shared_ptr<const SemanticIndex>> For(const std::string& generation_path,
                                                          const Xapian::Database& db);
  // The same, from `base` (the snapshot of an earlier revision of that generation) with the
  // vectors of the documents `changed` since (core/change_feed.h) read again from `db`: the
  // matrix is copied, their rows set again, removed (deleted) or appended (new documents).
  // Every document has the vector a rebuild gives it; rows may be ordered differently and
  // removed ones stay as dead rows. Shared like For()'s.
  static Result<std::shared_ptr<const SemanticIndex>> Patched(
      const SemanticIndex& base, const std::string& generation_path, const Xapian::Database& db,
      const std::vector<Xapian::docid>& changed);

  // The row of a document, or nullopt when it has no vector.
  std::optional<uint32_t> RowOf(Xapian::docid id) const {
    return id < row_of_doc_.size() && row_of_doc_[id] != kNoRow ? std::optional(row_of_doc_[id])
                                                                : std::nullopt;
  }
  Xapian::docid DocOf(uint32_t row) const { return doc_of_row_[row]; }
  const vector::VectorIndex& vectors() const { return vectors_; }
  // The corpus-trained embedder; nullptr when the records brought their own vectors.
  const embed::Embedder* embedder() const { return embedder_.get(); }
  int dimensions() const { return static_cast<int>(vectors_.dimension()); }

  // Cosine of two documents' vectors (0 when either has none).
  double Similarity(Xapian::docid a, Xapian::docid b) const;
  // Cosine of a query vector with a document's vector (0 when it has none).
  double Similarity(std::span<const float> query, Xapian::docid doc) const;

 private:
  static constexpr uint32_t kNoRow = 0xFFFFFFFFu;
  explicit SemanticIndex(vector::VectorIndex vectors) : vectors_(std::move(vectors)) {}
  // Builds the snapshot of `docs` with their rows `flat` and registers it for (path,
  // revision). REQUIRES: the snapshot cache's mutex held.
  static Result<std::shared_ptr<const SemanticIndex>> MakeLocked(
      int dims, std::vector<float> flat, std::vector<Xapian::docid> docs, Xapian::docid last_doc,
      std::shared_ptr<const embed::Embedder> embedder, const std::string& path,
      Xapian::rev revision);
  vector::VectorIndex vectors_;
  std::shared_ptr<const embed::Embedder> embedder_;  // shared by the revisions' snapshots
  std::vector<uint32_t> row_of_doc_;
  std::vector<Xapian::docid> doc_of_row_;
};

}  // namespace hilfsnetz::ranking
