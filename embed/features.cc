#include "embed/features.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace hilfsnetz::embed::internal {
namespace {

constexpr std::string_view kStemPrefix = "w:";
constexpr std::string_view kGramPrefix = "g:";

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
         FeatureCounts& out) {
  key.assign(prefix).append(feature);
  out[key] += weight;
}

void AddTrigrams(std::string_view surface, float weight, std::string& key, FeatureCounts& out) {
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
    out[key] += weight;
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

}  // namespace

void AddTrigrams(std::string_view surface, float weight, FeatureCounts& out) {
  std::string key;
  AddTrigrams(surface, weight, key, out);
}

void AddTextFeatures(std::string_view text, std::string_view language, text::Mode mode,
                     float weight, FeatureCounts& out) {
  if (text.empty()) return;
  const std::vector<text::Token> tokens = text::Analyzer::Default().Analyze(text, language, mode);
  std::string key;
  for (const text::Token& token : tokens) {
    if (token.stopword) continue;
    for (const std::string& stem : token.stems) Add(kStemPrefix, stem, weight, key, out);
    for (const std::string& part : token.parts) Add(kStemPrefix, part, weight, key, out);
    AddTrigrams(token.surface, weight, key, out);
  }
}

FeatureCounts DocumentFeatures(const EmbedInput& input) {
  FeatureCounts out;
  // A 150-word document (~1,100 bytes) has ~600 distinct features: reserving one slot per
  // two input bytes avoids most rehashing.
  out.reserve(std::min<size_t>(
      4096, 64 + (input.title.size() + input.summary.size() + input.description.size()) / 2));
  const text::Mode mode = text::Mode::kDocument;
  AddTextFeatures(input.title, input.language, mode, kWeightTitle, out);
  AddTextFeatures(input.summary, input.language, mode, kWeightSummary, out);
  AddTextFeatures(input.description, input.language, mode, kWeightDescription, out);
  for (const std::string& need : input.need_descriptions) {
    AddTextFeatures(need, input.language, mode, kWeightNeed, out);
  }
  return out;
}

FeatureCounts QueryFeatures(std::string_view text) {
  FeatureCounts out;
  AddTextFeatures(text, "", text::Mode::kQuery, 1.0f, out);
  return out;
}

}  // namespace hilfsnetz::embed::internal
