// EmbeddingStage: gives every accepted record of a build its vector, between parsing and
// writing.
//
// Either all records bring their own `embedding` (same dimension; a record without one, or
// with another dimension, is rejected with a per-line error) — the index is then of kind
// "provided", stored L2-normalised — or none does, and the corpus-trained embedder
// (embed::Embedder) is trained on the accepted records — kind "trained", the model saved with the
// generation. A corpus too small to train on (fewer than two records, or no shared features) yields
// no embeddings; the index then supports lexical search only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "embed/embedder.h"
#include "indexer/index_builder.h"
#include "indexer/record_analysis.h"
#include "schemas/initiative.h"

namespace hilfsnetz::indexer {

struct PendingRecord {
  uint64_t line = 0;
  schemas::Initiative record;
  std::vector<float> vector;  // filled by AssignEmbeddings (empty: none)
};

struct EmbeddingResult {
  std::string kind;  // "trained", "provided" or "" (none)
  int dimensions = 0;
  std::optional<embed::Embedder> embedder;  // when trained
};

// Fills records[i].vector; appends rejections for inconsistent provided vectors and erases
// those records.
EmbeddingResult AssignEmbeddings(std::vector<PendingRecord>& records,
                                 std::vector<RejectedLine>& rejected);

// A record's vector in an index of provided vectors of dimension `dims`, L2-normalised into
// `vector`; or the error that rejects the record (it brings none, or another dimension).
std::optional<schemas::FieldError> ProvidedVector(const schemas::Initiative& record, size_t dims,
                                                  std::vector<float>& vector);

// The text of a record as the embedder sees it (also used for queries by similar records).
embed::EmbedInput EmbedInputOf(const schemas::Initiative& record);
// The same text analysed: Embed(EmbedFieldsOf(AnalyseRecord(r))) is Embed(EmbedInputOf(r)).
// A view into `analysis`.
embed::AnalysedInput EmbedFieldsOf(const RecordAnalysis& analysis);

}  // namespace hilfsnetz::indexer
