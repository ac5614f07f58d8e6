#!/usr/bin/env bash
# http_compare.sh: HTTP throughput and latency of two `hilfsnetz` binaries serving the same
# index, driven by load_driver in alternation (A B A B …) so that both see the same machine.
# Issue 10 used it to show that the connection layer's change cost no speed.
#
#   bash bench/http_compare.sh BEFORE_BIN AFTER_BIN INDEX_DIR LOAD_DRIVER [ROUNDS] [SECONDS]
#
# Each round: for each binary, serve INDEX_DIR (--threads 16, access log off where the binary
# has one) on a free port, run load_driver with 8 clients for SECONDS without facets and with
# the four facets, stop the server by pid. Prints one line per run and the load average.
set -euo pipefail
BEFORE=$1 AFTER=$2 INDEX=$3 DRIVER=$4 ROUNDS=${5:-2} SECS=${6:-15}
WORKLOAD=$(cd "$(dirname "$0")" && pwd)/workloads/queries.txt

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() {  # name binary
  local name=$1 bin=$2 port pid extra=()
  port=$(free_port)
  if "$bin" serve --help 2>&1 | grep -q -- --access-log; then extra=(--access-log off); fi
  "$bin" serve --index "$INDEX" --port "$port" --threads 16 "${extra[@]}" >/dev/null 2>&1 &
  pid=$!
  for facets in "" "district,need,topic,language"; do
    local args=(--port "$port" --clients 8 --seconds "$SECS" --warmup 2 --workload "$WORKLOAD" --wait-ready 60)
    [[ -n $facets ]] && args+=(--facets "$facets")
    printf '%-7s facets=%-30s ' "$name" "${facets:-none}"
    "$DRIVER" "${args[@]}" | tr '\n' ' ' || true
    printf ' | load %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill -TERM "$pid"; wait "$pid" || true
}

for ((r = 1; r <= ROUNDS; r++)); do
  run before "$BEFORE"
  run after "$AFTER"
done
