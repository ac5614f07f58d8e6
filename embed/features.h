// Feature extraction for the embedder (internal to embed/): text -> weighted feature counts.
//
// Features of one analysed word (text::Analyzer token), stop words skipped:
//   "w:<stem>"  each stem of the word and each stem of its compound parts
//               ("Deutschkurse" -> "w:deutschkurs", "w:deutsch", "w:kurs")
//   "g:<abc>"   each character 3-gram (Unicode code points) of the normalised surface framed
//               by '#' ("rad" -> "g:#ra", "g:rad", "g:ad#"; "a" -> "g:#a#"), so that typos
//               and spelling variants still share most features
//   "c:<id>"    (documents) each concept the words name and its ancestors
//               (text/concept_lexicon.h); (queries) each concept a word names
// A document not in German also gets the "w:" and "g:" features of the German names of the
// (outermost) concepts its words name, as a query in another language does (below).
// Each occurrence adds the field weight to the feature's count. Queries are read as the search
// box reads them (text::AnalyzeQuery: the words' languages, concepts, and the German words
// of dictionary translations as "w:" stems), so that a query in Arabic or Ukrainian meets
// German records through the concepts and translations they share.
//
// Thread-safety: pure functions over the thread-safe text::Analyzer::Default().
#pragma once

#include <string>
#include <string_view>

#include "embed/embedder.h"
#include "embed/vocabulary.h"
#include "text/analysed_text.h"

namespace hilfsnetz::embed::internal {

// Field weights (how much an occurrence counts).
inline constexpr float kWeightTitle = 3.0f;
inline constexpr float kWeightSummary = 2.0f;
inline constexpr float kWeightDescription = 1.0f;
inline constexpr float kWeightNeed = 2.0f;

// Where features go, one occurrence at a time: summed by name (CountingSink, for training and
// tests) or straight into the columns of a vocabulary (Embedder::Embed). Each occurrence is
// given in the same order either way, so the sums are the same floats.
class FeatureSink {
 public:
  virtual ~FeatureSink() = default;
  // One occurrence of `feature` ("w:kurs") counting `weight`.
  virtual void Add(const std::string& feature, float weight) = 0;
};

class CountingSink final : public FeatureSink {
 public:
  explicit CountingSink(FeatureCounts& out) : out_(out) {}
  void Add(const std::string& feature, float weight) override { out_[feature] += weight; }

 private:
  FeatureCounts& out_;
};

// Adds the features of one field (analysed in document mode as a record in `language`: see
// text::AnalyseDocumentText), each occurrence counting `weight`.
void AddTextFeatures(const text::AnalysedText& text, std::string_view language, float weight,
                     FeatureSink& out);

// The features of a document or profile whose fields are analysed already: its fields with
// their weights.
void AddDocumentFeatures(const AnalysedInput& input, FeatureSink& out);

// The same for fields not analysed yet: analyses them (document mode) first.
void AddInputFeatures(const EmbedInput& input, FeatureSink& out);
// AddInputFeatures summed by name (training).
FeatureCounts DocumentFeatures(const EmbedInput& input);

// The features of query text (weight 1), read by text::AnalyzeQuery.
FeatureCounts QueryFeatures(std::string_view text);

// Adds the '#'-framed code-point 3-grams of `surface` (valid UTF-8) as "g:" features.
void AddTrigrams(std::string_view surface, float weight, FeatureCounts& out);

}  // namespace hilfsnetz::embed::internal
