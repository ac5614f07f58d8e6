// Golden files (STYLE 2.9): a stage's expected output kept in tests/golden/ and reviewed as a
// diff. A golden test only reads its file and compares; it rewrites the file from the current
// output only when asked to with HN_UPDATE_GOLDEN=1, so a run in CI can never turn today's
// output into the expectation.
#pragma once

#include <cstdlib>
#include <string_view>

namespace hilfsnetz::testing {

// True when the environment has HN_UPDATE_GOLDEN=1 (exactly "1": HN_UPDATE_GOLDEN=0 or an
// empty value compare as usual).
inline bool UpdateGoldenRequested() {
  const char* value = std::getenv("HN_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

}  // namespace hilfsnetz::testing
