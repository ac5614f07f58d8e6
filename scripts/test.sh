#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (unit, integration, HTTP end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The pinned npm packages (package-lock.json): @redocly/cli for the OpenAPI lint.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
