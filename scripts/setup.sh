#!/usr/bin/env bash
# Installs the Debian 12 packages hilfsnetz needs (only those missing) and builds it into
# build/. Used by scripts/demo.sh and scripts/test.sh; runs as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config
  libxapian-dev libicu-dev libeigen3-dev libcpp-httplib-dev nlohmann-json3-dev
  libcli11-dev libcld2-dev zlib1g-dev
  # SHA-256 of API keys, constant-time comparison, random keys (server/api_keys.h).
  libssl-dev
  # Boost.Beast/Asio (header-only) for the HTTP server (server/http_listener.h).
  libboost-dev
  libgtest-dev libgmock-dev
  # General bilingual dictionaries for cross-lingual search (text/dictionary.h), read from
  # /usr/share/dictd at run time; licences in data/README.md.
  dict-freedict-eng-deu dict-freedict-ara-eng dict-freedict-eng-ara dict-freedict-tur-deu
  dict-freedict-deu-tur dict-freedict-eng-tur dict-freedict-deu-rus dict-freedict-eng-rus
  python3 python3-jsonschema curl
  # promtool, which checks GET /metrics in the tests (tests/server/operations_test.cc).
  prometheus
  # clang and its runtimes (libFuzzer, ASan, UBSan) for the fuzz harnesses (scripts/fuzz.sh).
  clang libclang-rt-14-dev
  # The formatting check (scripts/check_format.sh, ctest format_check).
  clang-format
  # The portal page's browser test (tests/web): Debian's Chromium, driven headless by the
  # pinned npm playwright-core (Playwright's own browser download is not used).
  chromium
)
PACKAGES+=("$@")  # callers may add (bench: postgresql libpq-dev libsqlite3-dev …)
# Node.js and npm for the OpenAPI lint (tests/api; any Node >= 18.17). Only when missing: a
# machine with NodeSource's nodejs has npm already, and Debian's npm package conflicts with it.
command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_DIR=${HN_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${HN_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
