// Harness support: how a harness reports a broken property.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace hilfsnetz::fuzz {

// Stops the fuzzer with the property that failed; libFuzzer saves the input as a crash.
[[noreturn]] inline void Fail(const char* property) {
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

}  // namespace hilfsnetz::fuzz
