// Whether this test binary runs under AddressSanitizer (build-asan/, scripts/test.sh), for the
// few tests that do less there: repetitions that look for memory errors need fewer rounds
// than the ones that check a property, and each round costs ~2-4x more under the sanitizers.
// build/ always runs the full count, so what an issue asks for is checked there.
#pragma once

namespace hilfsnetz::testing {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HN_TEST_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(HN_TEST_UNDER_ASAN)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

}  // namespace hilfsnetz::testing
