// SemanticIndex: the embeddings of one index revision as a contiguous matrix (vector::
// VectorIndex) plus the embedder that projects queries and company profiles into the same
// space. A cache of what the database stores (value slot kSlotEmbedding, and the model file
// DIR/<generation>/embedder.bin for corpus-trained embeddings), loaded or patched when the
// revision changes; one per revision and process, held by its IndexSnapshot
// (ranking/index_snapshot.h).
//
// Thread-safety: immutable once built.
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
  // The embeddings of `db`'s revision of the generation at `generation_path`. Returns nullptr
  // when the index holds no embeddings (built before embeddings existed).
  static Result<std::shared_ptr<const SemanticIndex>> Load(const std::string& generation_path,
                                                           const Xapian::Database& db);
  // The same, from `base` (that of an earlier revision of the generation) with the vectors of
  // the documents `changed` since (core/change_feed.h) read again from `db`: the matrix
  // shares the base's storage, a changed document's old row is left dead and its vector (if it
  // has one now) appended. Every document has the vector a rebuild gives it; rows may be
  // ordered differently. Once dead rows outnumber an eighth of the live ones (and
  // kMinDeadRowsToCompact), the matrix is written again without them, in document order.
  static Result<std::shared_ptr<const SemanticIndex>> Patched(
      const SemanticIndex& base, const Xapian::Database& db,
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
  // Below this many dead rows a patched matrix is never compacted: scanning a few thousand
  // dead rows costs less than writing the matrix again (about 0.1 s at 100k documents).
  static constexpr size_t kMinDeadRowsToCompact = 4096;
  // This index without its dead rows.
  Result<std::shared_ptr<const SemanticIndex>> Compacted(Xapian::docid last_doc) const;
  explicit SemanticIndex(vector::VectorIndex vectors) : vectors_(std::move(vectors)) {}
  // The index of `docs` with their rows `flat`.
  static Result<std::shared_ptr<const SemanticIndex>> Make(
      int dims, std::vector<float> flat, std::vector<Xapian::docid> docs, Xapian::docid last_doc,
      std::shared_ptr<const embed::Embedder> embedder);
  vector::VectorIndex vectors_;
  std::shared_ptr<const embed::Embedder> embedder_;  // shared by the revisions' snapshots
  std::vector<uint32_t> row_of_doc_;
  std::vector<Xapian::docid> doc_of_row_;
};

}  // namespace hilfsnetz::ranking
