// Embedder: the default text embedder, trained on the corpus itself (no downloaded model).
//
// Latent semantic analysis over the one analyser's output (see embed/README.md):
//   1. Features of a text (text::Analyzer, document mode in the record's language; stop words
//      skipped): every stem and every compound-part stem ("w:kurs"), plus the character
//      3-grams of each normalised surface with '#' boundary marks ("g:#fa", "g:fah", ...,
//      "g:ad#"), counted per code point. Field weights: title x3, summary x2, description x1,
//      each need description x2.
//   2. Vocabulary: features in at least `min_df` documents, the `max_features` most frequent
//      (ties by byte order). Weights: sublinear tf (1 + ln c, c = weighted count) times smooth
//      idf (ln((1 + N) / (1 + df)) + 1); each row L2-normalised.
//   3. Randomised truncated SVD (Halko, Martinsson & Tropp 2011) of the N x F TF-IDF matrix
//      gives V_k (F x k). A text's vector is tfidf(text) x V_k, L2-normalised.
//
//   Result<TrainResult> r = Embedder::Train(corpus, EmbedderOptions{});
//   if (!r.ok()) return r.status();
//   store(r->embedder.Serialize());                    // with the index
//   for (i...) slot(i) = SerializeVector(r->vectors[i]);  // embed/vector_codec.h
//   std::vector<float> q = r->embedder.EmbedQuery("Notebooks für Programmierkurs");
//
// Cosine similarity of two vectors is their dot product (all non-zero vectors have unit
// length). A text none of whose features is in the vocabulary (unknown words only, or only
// stop words, or empty) gets the ZERO vector: callers must treat it as "no vector evidence",
// not as a unit vector.
//
// Determinism: the same corpus, options and analyser version give bit-identical vectors and
// serialisations on one platform (the random matrix comes from std::mt19937_64 through our
// own Box-Muller transform, not std::normal_distribution); the thread count never changes
// the result.
//
// Thread-safety: an Embedder is immutable after Train/Deserialize; its const methods may be
// called concurrently from any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "embed/vocabulary.h"
#include "text/analysed_text.h"

namespace hilfsnetz::embed {

// Bumped whenever the features or their weighting change (the serialised form records it
// together with text::kAnalyzerVersion). 2: records not in German also get the features of the
// German names of their concepts (features.h). 3: records neither in German nor in English
// leave out their words' 3-grams and count their concepts' German names twice.
inline constexpr int kEmbedderVersion = 3;

struct EmbedderOptions {
  // Target dimension k. The trained dimension is min(dimensions, N documents, F features)
  // (no padding); read it back with Embedder::dimensions(). Cost is linear in k.
  int dimensions = 256;
  // Vocabulary cap: the features of highest document frequency are kept. Memory of the model
  // is about max_features * dimensions * 4 bytes (50,000 x 256: 51 MB).
  int max_features = 50000;
  // Features in fewer documents are dropped (typos, ids); 2 keeps anything seen twice.
  int min_df = 2;
  // Power iterations q of the range finder: more is more accurate for slowly decaying
  // spectra (text), each costs two passes over the matrix.
  int power_iterations = 2;
  // Oversampling p: the range finder works with k + p columns.
  int oversampling = 10;
  // Seed of the Gaussian test matrix; the output depends on it (slightly).
  uint64_t seed = 42;
  // Worker threads for feature extraction and projection; 0 = hardware concurrency. Does not
  // change the result, and is not serialised.
  int threads = 0;
};

// The text of one document (initiative) or query-like profile (company). `language` is a
// BCP 47 primary tag ("de", "en", ...); "" or unknown tags are analysed as German.
struct EmbedInput {
  std::string title;
  std::string summary;
  std::string description;
  std::vector<std::string> need_descriptions;
  std::string language;
  // German words added to a text in another language (what its words mean in German, as a
  // profile's vector reaches the mostly German corpus): analysed as German, weighed as the
  // description. Empty for records.
  std::string german;
};

// An EmbedInput whose fields are analysed already, for a caller that reads them for more than
// the vector: the indexer builds a record's document from the same analysis (one analysis per
// field; indexer/record_analysis.h). Each field is text::AnalyseDocumentText of the
// EmbedInput's field in `language`, `german` in "de". A view: what it points to must outlive
// it; a null field is an empty one.
struct AnalysedInput {
  std::string_view language;
  const text::AnalysedText* title = nullptr;
  const text::AnalysedText* summary = nullptr;
  const text::AnalysedText* description = nullptr;
  std::span<const text::AnalysedText> needs;
  const text::AnalysedText* german = nullptr;
};

struct TrainResult;

class Embedder {
 public:
  // Trains on `corpus`. Errors: InvalidArgument for an empty corpus, for options out of
  // range (dimensions, max_features, min_df < 1; power_iterations, oversampling, threads
  // < 0), and when no feature occurs in `min_df` documents (corpus too small or too
  // uniform); ResourceExhausted when the TF-IDF matrix would have 2^31 or more non-zeros
  // (~3 million documents). Time and memory are linear in the corpus size: about 1.3 ms of CPU per
  // 150-word German document (100,000: ~130 CPU-s, ~1.3 GB peak), see embed/README.md.
  static Result<TrainResult> Train(const std::vector<EmbedInput>& corpus,
                                   const EmbedderOptions& options);

  // The unit-length vector of a document or company profile (features in document mode in
  // input.language), or the zero vector when no feature is known. Size: dimensions().
  std::vector<float> Embed(const EmbedInput& input) const;
  // The same from the fields analysed already: bit-identical to Embed of the EmbedInput they
  // were analysed from.
  std::vector<float> Embed(const AnalysedInput& input) const;

  // The vector of query text: query mode with language unknown (stems of every candidate
  // language, stop words of all skipped), the same projection. Zero vector when no feature
  // is known.
  std::vector<float> EmbedQuery(std::string_view text) const;

  // Trained dimension k (<= options().dimensions).
  int dimensions() const { return dimensions_; }
  // Vocabulary size F.
  int num_features() const { return vocabulary_.size(); }
  // The options used for training (threads as given at training or 0 after Deserialize).
  const EmbedderOptions& options() const { return options_; }

  // Versioned little-endian binary form (magic "HNEMB1"; layout in embed/README.md), about
  // F * (k + 1) * 4 bytes plus the vocabulary strings.
  std::string Serialize() const;
  // Inverse of Serialize. Errors: DataLoss when the bytes are truncated, damaged (checksum)
  // or inconsistent; FailedPrecondition when they were written by another embedder or
  // analyser version (retrain).
  static Result<Embedder> Deserialize(std::string_view bytes);

 private:
  Embedder() = default;

  // Unit vector (or zero) of a tf-idf row: row x V_k, L2-normalised. Training and Embed
  // share it, so a training document's vector equals Embed() of it bit for bit.
  std::vector<float> Project(std::span<const int> cols, std::span<const float> values) const;

  EmbedderOptions options_;
  int dimensions_ = 0;
  internal::Vocabulary vocabulary_;
  std::vector<float> basis_;  // V_k: num_features() x dimensions_, row-major
};

struct TrainResult {
  Embedder embedder;
  // vectors[i] is the vector of corpus[i], bit-identical to embedder.Embed(corpus[i]).
  std::vector<std::vector<float>> vectors;
};

}  // namespace hilfsnetz::embed
