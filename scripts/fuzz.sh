#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ into build-fuzz/ (clang, ASan+UBSan, HN_FUZZ=ON) and
# runs their ctest smoke runs (HN_FUZZ_SECONDS each, default 15; two at a time on two cores).
# Packages: scripts/setup.sh installs clang and libclang-rt-14-dev.
#   HN_FUZZ_BUILD_DIR  build directory (default build-fuzz)
#   HN_BUILD_LOCK      a lock file taken around configure and build on a shared machine
#                      (e.g. /tmp/hn-build.lock); the fuzzing itself runs without it
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${HN_FUZZ_BUILD_DIR:-build-fuzz}
LOCK=()
if [[ -n ${HN_BUILD_LOCK:-} ]]; then LOCK=(flock "$HN_BUILD_LOCK"); fi
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; run scripts/setup.sh (installs clang libclang-rt-14-dev)" >&2
  exit 1
fi

"${LOCK[@]}" cmake -S . -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHN_FUZZ=ON -DHN_BUILD_TESTS=OFF \
  -DHN_FUZZ_SECONDS="${HN_FUZZ_SECONDS:-15}" >/dev/null
"${LOCK[@]}" cmake --build "$BUILD_DIR" --target hn_fuzzers -j"$(nproc)"
ctest --test-dir "$BUILD_DIR/fuzz" -L fuzz -j"$(nproc)" --output-on-failure
