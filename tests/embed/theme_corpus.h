// A hand-written corpus of 40 mini-initiatives in 4 themes (10 each, in theme order) for the
// embedder's semantic sanity tests.
#pragma once

#include <string_view>
#include <vector>

#include "embed/embedder.h"

namespace hilfsnetz::embed::testing {

enum class Theme { kGerman = 0, kBicycle = 1, kClothes = 2, kComputers = 3 };
inline constexpr int kNumThemes = 4;

struct ThemedDoc {
  Theme theme;
  EmbedInput input;
};

// German courses and language cafés; bicycle workshops and repair; clothing stores and
// winter jackets; laptops and computer/coding courses.
const std::vector<ThemedDoc>& ThemeCorpus();

// The inputs alone, in the same order.
std::vector<EmbedInput> ThemeInputs();

}  // namespace hilfsnetz::embed::testing
