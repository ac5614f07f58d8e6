#include "embed/features.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "text/concept_lexicon.h"
#include "text/query_analysis.h"

namespace hilfsnetz::embed::internal {
namespace {

constexpr std::string_view kStemPrefix = "w:";
constexpr std::string_view kGramPrefix = "g:";
constexpr std::string_view kConceptPrefix = "c:";
// The German names of a foreign-language record's concepts count this many times its own
// words (a count, so tf = 1 + ln 2): fold A 0.905 -> 0.911, sample 0.831 -> 0.833 (4: 0.913,
// 0.831 — no better); embedder version 3.
constexpr float kForeignConceptNameWeight = 2.0f;

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray bytes, which the
// analyser never emits; they then count as one character each).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Adds prefix + feature. `key` is scratch space reused across calls: feature extraction is
// the hot loop of training (~1,500 additions per 150-word document), so no temporary string
// is built per lookup.
void Add(std::string_view prefix, std::string_view feature, float weight, std::string& key,
         FeatureSink& out) {
  key.assign(prefix).append(feature);
  out.Add(key, weight);
}

void AddTrigrams(std::string_view surface, float weight, std::string& key, FeatureSink& out) {
  if (surface.empty()) return;
  // A window over the last three code points of "#" + surface + "#".
  std::string_view window[3];
  int seen = 0;
  auto push = [&](std::string_view code_point) {
    window[0] = window[1];
    window[1] = window[2];
    window[2] = code_point;
    if (++seen < 3) return;
    key.assign(kGramPrefix).append(window[0]).append(window[1]).append(window[2]);
    out.Add(key, weight);
  };
  push("#");
  for (size_t i = 0; i < surface.size();) {
    const size_t n =
        std::min(Utf8Length(static_cast<unsigned char>(surface[i])), surface.size() - i);
    push(surface.substr(i, n));
    i += n;
  }
  push("#");
}

// The stems, compound-part stems and (with `trigrams`) 3-grams of the words that are no stop
// words.
void AddWordFeatures(const std::vector<text::Token>& tokens, float weight, bool trigrams,
                     std::string& key, FeatureSink& out) {
  for (const text::Token& token : tokens) {
    if (token.stopword) continue;
    for (const std::string& stem : token.stems) Add(kStemPrefix, stem, weight, key, out);
    for (const std::string& part : token.parts) Add(kStemPrefix, part, weight, key, out);
    if (trigrams) AddTrigrams(token.surface, weight, key, out);
  }
}

}  // namespace

void AddTrigrams(std::string_view surface, float weight, FeatureCounts& out) {
  std::string key;
  CountingSink sink(out);
  AddTrigrams(surface, weight, key, sink);
}

void AddTextFeatures(const text::AnalysedText& text, std::string_view language, float weight,
                     FeatureSink& out) {
  if (text.tokens.empty()) return;
  const std::string doc_language = text::Analyzer::DocumentLanguage(language);
  // A record in a language other than German or English keeps its words' stems but not their
  // 3-grams: these are shared only with the few records of its script, and being many (a
  // 3-gram per letter) and rare (high idf) they outweighed the German names of its concepts
  // added below, so that a record meeting a need exactly stayed at cosine ~0.2 from a profile
  // offering it (issue 9). Without them: fold A 0.904 -> 0.905, sample 0.814 -> 0.831,
  // hybrid search on the sample 0.776 -> 0.787 (bench/README.md). Queries keep theirs.
  const bool trigrams = doc_language == "de" || doc_language == "en";
  std::string key;
  AddWordFeatures(text.tokens, weight, trigrams, key, out);
  // The concepts the words name, with their ancestors, as the index has them (K terms): the
  // same in every language, so that queries in other languages land near these records.
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  for (const text::ConceptMatch& m : text.concepts) {
    for (text::ConceptId c : lexicon.WithAncestors(m.id))
      Add(kConceptPrefix, lexicon.Get(c).id, weight, key, out);
  }
  if (doc_language == "de") return;
  // A record in another language shares few words with the corpus, which is mostly German:
  // its own stems and 3-grams are rare (or below min_df) and its few concept features are
  // outweighed, so its vector lands far from German and English texts about the same things
  // (cosine ~0.05 for an Arabic mothers' group asking for children's books against a
  // publisher offering them). So it is embedded with the German names of the concepts its
  // words name as well — what QueryFeatures does for a query in another language and
  // CompanyVector for a profile: the outermost names only (text::Outermost; "Kinderbücher",
  // not "Bücher" and "Kinder" as well), counted twice (kForeignConceptNameWeight).
  for (const text::ConceptMatch& m : text::Outermost(text.concepts)) {
    const std::vector<text::Token> name = text::Analyzer::Default().Analyze(
        lexicon.Get(m.id).Label("de"), "de", text::Mode::kDocument);
    AddWordFeatures(name, kForeignConceptNameWeight * weight, true, key, out);
  }
}

void AddDocumentFeatures(const AnalysedInput& input, FeatureSink& out) {
  const std::string_view language = input.language;
  if (input.title) AddTextFeatures(*input.title, language, kWeightTitle, out);
  if (input.summary) AddTextFeatures(*input.summary, language, kWeightSummary, out);
  if (input.description) AddTextFeatures(*input.description, language, kWeightDescription, out);
  for (const text::AnalysedText& need : input.needs) {
    AddTextFeatures(need, language, kWeightNeed, out);
  }
  if (input.german) AddTextFeatures(*input.german, "de", kWeightDescription, out);
}

void AddInputFeatures(const EmbedInput& input, FeatureSink& out) {
  const std::string_view language = input.language;
  const text::AnalysedText title = text::AnalyseDocumentText(input.title, language);
  const text::AnalysedText summary = text::AnalyseDocumentText(input.summary, language);
  const text::AnalysedText description = text::AnalyseDocumentText(input.description, language);
  std::vector<text::AnalysedText> needs;
  needs.reserve(input.need_descriptions.size());
  for (const std::string& need : input.need_descriptions) {
    needs.push_back(text::AnalyseDocumentText(need, language));
  }
  const text::AnalysedText german = text::AnalyseDocumentText(input.german, "de");
  AddDocumentFeatures({language, &title, &summary, &description, needs, &german}, out);
}

FeatureCounts DocumentFeatures(const EmbedInput& input) {
  FeatureCounts out;
  // A 150-word document (~1,100 bytes) has ~600 distinct features: reserving one slot per
  // two input bytes avoids most rehashing.
  out.reserve(std::min<size_t>(
      4096, 64 + (input.title.size() + input.summary.size() + input.description.size()) / 2));
  CountingSink sink(out);
  AddInputFeatures(input, sink);
  return out;
}

FeatureCounts QueryFeatures(std::string_view text) {
  FeatureCounts out;
  // The search box's reading of the words (text/query_analysis.h): their stems in their
  // languages, the concepts they name and the German words of their dictionary translations.
  const text::QueryAnalysis q = text::AnalyzeQuery(text, {});
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  std::string key;
  CountingSink sink(out);
  for (const text::QueryWord& w : q.words) {
    if (w.token.stopword) continue;
    for (const std::string& stem : w.token.stems) Add(kStemPrefix, stem, 1.0f, key, sink);
    for (const std::string& part : w.token.parts) Add(kStemPrefix, part, 1.0f, key, sink);
    AddTrigrams(w.token.surface, 1.0f, key, sink);
    for (text::ConceptId c : w.concepts) Add(kConceptPrefix, lexicon.Get(c).id, 1.0f, key, sink);
    // A word in another language is embedded through its German words too: the German label
    // of each concept it names and its dictionary translations, as if typed in German.
    const bool german =
        std::find(w.languages.begin(), w.languages.end(), "de") != w.languages.end();
    std::vector<std::string> germans = w.translations;
    if (!german) {
      for (text::ConceptId c : w.concepts) germans.push_back(lexicon.Get(c).Label("de"));
    }
    for (const std::string& g : germans) {
      AddWordFeatures(text::Analyzer::Default().Analyze(g, "de", text::Mode::kDocument), 1.0f, true,
                      key, sink);
    }
  }
  return out;
}

}  // namespace hilfsnetz::embed::internal
