#include "indexer/embedding_stage.h"

#include <cmath>
#include <map>

namespace hilfsnetz::indexer {

embed::EmbedInput EmbedInputOf(const schemas::Initiative& r) {
  embed::EmbedInput in;
  in.title = r.title;
  in.summary = r.summary;
  in.description = r.description;
  for (const schemas::Need& n : r.needs) in.need_descriptions.push_back(n.description);
  in.language = r.language;
  return in;
}

embed::AnalysedInput EmbedFieldsOf(const RecordAnalysis& a) {
  return {a.language, &a.title, &a.summary, &a.description, a.needs, nullptr};
}

namespace {

// Stored vectors are unit length (or zero, "no evidence"), so a dot product is the cosine.
void Normalize(std::vector<float>& v) {
  double norm = 0;
  for (float x : v) norm += double{x} * x;
  if (norm <= 0) return;
  const double inv = 1.0 / std::sqrt(norm);
  for (float& x : v) x = static_cast<float>(x * inv);
}

// The dimension most provided vectors have (ties: the first seen); records with another one
// are the ones in error.
size_t MajorityDimension(const std::vector<PendingRecord>& records) {
  std::map<size_t, size_t> count;
  size_t best = 0, best_count = 0;
  for (const PendingRecord& p : records) {
    if (p.record.embedding.empty()) continue;
    const size_t c = ++count[p.record.embedding.size()];
    if (c > best_count) best = p.record.embedding.size(), best_count = c;
  }
  return best;
}

EmbeddingResult UseProvided(std::vector<PendingRecord>& records,
                            std::vector<RejectedLine>& rejected) {
  const size_t dims = MajorityDimension(records);
  std::vector<PendingRecord> kept;
  kept.reserve(records.size());
  for (PendingRecord& p : records) {
    if (std::optional<schemas::FieldError> e = ProvidedVector(p.record, dims, p.vector)) {
      rejected.push_back({p.line, std::move(*e)});
      continue;
    }
    kept.push_back(std::move(p));
  }
  records = std::move(kept);
  return {"provided", static_cast<int>(dims), std::nullopt};
}

}  // namespace

std::optional<schemas::FieldError> ProvidedVector(const schemas::Initiative& record, size_t dims,
                                                  std::vector<float>& vector) {
  const size_t n = record.embedding.size();
  if (n != dims) {
    const std::string d = std::to_string(dims);
    return schemas::FieldError{
        "embedding",
        n == 0 ? "missing: the other records bring vectors of dimension " + d
               : "has dimension " + std::to_string(n) + ", the other records have " + d,
        n == 0 ? "fehlt: die anderen Datensätze bringen Vektoren der Dimension " + d + " mit"
               : "hat die Dimension " + std::to_string(n) + ", die anderen Datensätze " + d};
  }
  vector = record.embedding;
  Normalize(vector);
  return std::nullopt;
}

EmbeddingResult AssignEmbeddings(std::vector<PendingRecord>& records,
                                 std::vector<RejectedLine>& rejected) {
  for (const PendingRecord& p : records) {
    if (!p.record.embedding.empty()) return UseProvided(records, rejected);
  }
  if (records.size() < 2) return {};
  std::vector<embed::EmbedInput> corpus;
  corpus.reserve(records.size());
  for (const PendingRecord& p : records) corpus.push_back(EmbedInputOf(p.record));
  Result<embed::TrainResult> trained = embed::Embedder::Train(corpus, embed::EmbedderOptions{});
  if (!trained.ok()) return {};  // too small or uniform a corpus: lexical search only
  for (size_t i = 0; i < records.size(); ++i) records[i].vector = std::move(trained->vectors[i]);
  EmbeddingResult out{"trained", trained->embedder.dimensions(), std::nullopt};
  out.embedder.emplace(std::move(trained->embedder));
  return out;
}

}  // namespace hilfsnetz::indexer
