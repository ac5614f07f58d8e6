#!/usr/bin/env bash
# Installs, builds and runs the demo: the bundled sample initiatives served on
# http://127.0.0.1:8080 (try /v1/search?q=Deutschkurs&facets=district,need). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec ./build/app/hilfsnetz demo --port "${PORT:-8080}"
