#!/usr/bin/env bash
# The README's test command: installs what is needed, then runs the whole suite twice.
#
#   1. build/ (gcc, RelWithDebInfo; scripts/setup.sh builds it): unit, integration and HTTP
#      end-to-end tests, the portal page in headless Chromium, the OpenAPI lint, the
#      formatting check.
#   2. build-asan/ (clang, -DHN_FUZZ=ON, which implies HN_SANITIZE: AddressSanitizer + UBSan,
#      undefined behaviour aborts): the same tests but the browser test, and a short run of
#      each libFuzzer harness of fuzz/ (HN_FUZZ_SECONDS each). Any sanitizer report fails the
#      test that caused it.
#
# The times of each step are printed at the end (CI's budget: docs/testing.md).
#   HN_BUILD_LOCK=FILE  hold flock(FILE) while installing and building, for several checkouts
#                       sharing one machine (the tests themselves run without it)
#   HN_FUZZ_SECONDS=N   length of each fuzz smoke run (default 6)
set -euo pipefail
cd "$(dirname "$0")/.."

lock=()
if [[ -n ${HN_BUILD_LOCK:-} ]]; then lock=(flock "$HN_BUILD_LOCK"); fi
jobs=$(nproc)
t0=$SECONDS

"${lock[@]}" bash scripts/setup.sh
t_setup=$SECONDS
# The pinned npm packages (package-lock.json): @redocly/cli for the OpenAPI lint,
# playwright-core and @axe-core/playwright for the portal page's browser test (tests/web).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
(cd build && ctest --output-on-failure -j"$jobs" --timeout 600)
t_tests=$SECONDS

# The sanitizer build. -O1 -g0 instead of RelWithDebInfo's -O2 -g1: a tenth less to compile
# (reco_scoring.cc 10.4 -> 9.3 s) for CI's 30 minutes; a sanitizer's stack trace names the
# functions (frame pointers kept), and file:line comes from building build-asan/ again with
# -g1 where it is needed (docs/testing.md). Coverage for the fuzz smoke runs by edges only
# (HN_FUZZ_COVERAGE, cmake/HilfsnetzOptions.cmake): libFuzzer's comparison callbacks made
# every test of this build slower (ranking_test 78.9 -> 44.8 s, text_test 32.1 -> 19.5 s);
# scripts/fuzz.sh keeps them for real fuzzing.
"${lock[@]}" cmake -S . -B build-asan -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g0 -DNDEBUG" \
  -DHN_FUZZ=ON -DHN_FUZZ_COVERAGE=edges -DHN_FUZZ_SECONDS="${HN_FUZZ_SECONDS:-6}" >/dev/null
"${lock[@]}" cmake --build build-asan -j"$jobs"
t_asan_build=$SECONDS
# ASan halts on the first error; LeakSanitizer runs at exit; stack-use-after-return catches
# views of dead locals (string_view, span); strict_init_order the static-initialisation-order
# fiasco. Tests that run no project code (label "static": lint, format) ran in step 1, and so
# did the portal page's browser test (label "browser"): it checks the page in Chromium, and the
# server code it drives runs under the sanitizers in the HTTP tests (server_test,
# writes_http_test, operations_test, openapi_responses …); under ASan it took 144 s of one of
# CI's two cores (docs/testing.md).
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
(cd build-asan && ctest --output-on-failure -j"$jobs" --timeout 600 -LE 'static|browser')

echo "test.sh: setup and build/ $((t_setup - t0)) s; build/ tests $((t_tests - t_setup)) s;" \
     "build-asan/ build $((t_asan_build - t_tests)) s; build-asan/ tests and fuzzing" \
     "$((SECONDS - t_asan_build)) s; total $((SECONDS - t0)) s"
