#!/usr/bin/env bash
# Median latency of hybrid search over HTTP, three queries, 20 timed requests each after 3
# warm-up requests: bench/hybrid_latency.sh HILFSNETZ_BINARY INDEX_DIR [PORT]
# Starts `hilfsnetz serve` on the index, prints one line of medians, stops the server by pid.
set -euo pipefail
BIN=$1 INDEX=$2 PORT=${3:-18091}
"$BIN" serve --index "$INDEX" --port "$PORT" >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf -o /dev/null "localhost:$PORT/readyz" && break; sleep 0.5; done
for q in "q=laptops+f%C3%BCr+gefl%C3%BCchtete" "q=deutschkurs&facets=district,need" \
         "q=hilfe+bei+beh%C3%B6rden&district=Mitte"; do
  for _ in 1 2 3; do curl -s -o /dev/null "localhost:$PORT/v1/search?mode=hybrid&$q"; done
  for _ in $(seq 1 20); do
    curl -s -o /dev/null -w "%{time_total}\n" "localhost:$PORT/v1/search?mode=hybrid&$q"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms  ", a[int(NR/2)+1]*1000}'
done
echo
