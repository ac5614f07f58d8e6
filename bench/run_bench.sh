#!/usr/bin/env bash
# run_bench.sh: the whole comparison in one go (see bench/README.md).
#
# For each corpus size: generate the synthetic corpus, run peers_bench (hilfsnetz, raw
# Xapian, SQLite FTS5 and PostgreSQL FTS built over the same records and searched with the
# same workload, in one process), then serve the hilfsnetz index with `hilfsnetz serve` and
# drive it with load_driver (8 keep-alive clients). PostgreSQL runs as a private cluster in
# a temporary directory (unix socket only), started here and always stopped here, by pid.
#
#   bash bench/run_bench.sh                       # 10k and 100k
#   HN_BENCH_SIZES=10000 bash bench/run_bench.sh  # validation run
#
# Environment (all optional):
#   HN_BENCH_BUILD    build dir configured with -DHN_BUILD_BENCH=ON  [<repo>/build-bench]
#   HN_BENCH_SIZES    corpus sizes                                   ["10000 100000"]
#   HN_BENCH_PASSES   timed passes over the workload per system      [5]
#   HN_BENCH_SEED     corpus seed                                    [42]
#   HN_BENCH_CLIENTS  HTTP clients                                   [8]
#   HN_BENCH_THREADS  `hilfsnetz serve --threads`                    [16]
#   HN_BENCH_SECONDS  measured seconds per HTTP run                  [20]
#   HN_BENCH_NO_PG=1  skip PostgreSQL;  HN_BENCH_NO_HTTP=1  skip the HTTP runs
#   HN_BENCH_KEEP=1   keep the work directory (indexes, corpora) for inspection
# Results: printed, and written as markdown to bench/out/results-<N>.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${HN_BENCH_BUILD:-$REPO/build-bench}
SIZES=${HN_BENCH_SIZES:-"10000 100000"}
PASSES=${HN_BENCH_PASSES:-5}
SEED=${HN_BENCH_SEED:-42}
CLIENTS=${HN_BENCH_CLIENTS:-8}
THREADS=${HN_BENCH_THREADS:-16}
SECONDS_PER_RUN=${HN_BENCH_SECONDS:-20}
WORKLOAD=$REPO/bench/workloads/queries.txt
OUT=$REPO/bench/out
PG_BIN=/usr/lib/postgresql/15/bin
HILFSNETZ=$BUILD/app/hilfsnetz

log() { printf 'run_bench: %s\n' "$*" >&2; }

for tool in gen_corpus peers_bench load_driver; do
  if [[ ! -x $BUILD/bench/$tool ]]; then
    log "missing $BUILD/bench/$tool; build first:"
    log "  cmake -S $REPO -B $BUILD -DHN_BUILD_BENCH=ON -DHN_BUILD_TESTS=OFF"
    log "  cmake --build $BUILD --target gen_corpus peers_bench load_driver hilfsnetz -j2"
    exit 2
  fi
done

WORK=$(mktemp -d /tmp/hn-bench.XXXXXX)
chmod 755 "$WORK"  # the postgres user must reach its cluster directory below
mkdir -p "$OUT"
PG_PID=""
SERVER_PID=""

# stop_pid PID NAME SIGNAL: send SIGNAL (postgres: INT = fast shutdown), SIGKILL after 30 s.
stop_pid() {
  local pid=$1 name=$2 sig=$3
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { log "stopped $name (pid $pid)"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) did not stop; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$SERVER_PID" "hilfsnetz serve" TERM
  stop_pid "$PG_PID" "postgres" INT
  if [[ ${HN_BENCH_KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {  # a TCP port nobody listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if [[ -z $(ss -Htln "sport = :$port") ]]; then echo "$port"; return; fi
  done
}

as_pg_owner() {  # initdb and postgres refuse to run as root
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local dir=$WORK/pg port
  port=$(free_port)
  mkdir -p "$dir"
  [[ $(id -u) == 0 ]] && chown postgres: "$dir"
  as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -U bench -A trust -E UTF8 --locale=C.UTF-8 \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; return 1; }
  # Unix socket only; durability off (it only slows the load, never a query); one worker per
  # query (the other systems get one thread too); no JIT (it adds latency to short queries).
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_parallel_workers_per_gather=0 -c jit=off \
        -c shared_buffers=512MB -c maintenance_work_mem=512MB" start >/dev/null
  PG_PID=$(head -1 "$dir/data/postmaster.pid")
  PG_CONNINFO="host=$dir port=$port dbname=postgres user=bench"
  log "postgres started (pid $PG_PID, socket $dir/.s.PGSQL.$port)"
}

http_run() {  # http_run N INDEX_DIR
  local n=$1 index=$2 status=0
  # Without the result cache: the workload round robin, with and without facets, then a Zipf
  # stream (the workload's k-th query with probability ~ 1/k: a portal's repeating searches);
  # then the same Zipf stream against a server keeping 64 MiB of answers (--result-cache-mb).
  http_serve "$n" "$index" 0 "" "district,need,topic,language" "zipf:district,need,topic,language" \
    || status=1
  http_serve "$n" "$index" 64 "zipf:district,need,topic,language" || status=1
  return $status
}

http_serve() {  # http_serve N INDEX_DIR CACHE_MB RUN... (RUN: [zipf:]FACETS)
  local n=$1 index=$2 cache_mb=$3 port status=0
  shift 3
  port=$(free_port)
  "$HILFSNETZ" serve --index "$index" --port "$port" --threads "$THREADS" \
    --result-cache-mb "$cache_mb" >"$WORK/serve-$n-cache$cache_mb.log" 2>&1 &
  SERVER_PID=$!
  log "hilfsnetz serve started (pid $SERVER_PID, port $port, --threads $THREADS, --result-cache-mb $cache_mb)"
  local run facets zipf
  for run in "$@"; do
    facets=${run#zipf:}
    zipf=""
    [[ $run == zipf:* ]] && zipf=1.0
    {
      printf '\n### HTTP, %s initiatives, %s clients, serve --threads %s%s%s%s\n\n```\n' \
        "$n" "$CLIENTS" "$THREADS" "${facets:+, facets=$facets}" \
        "${zipf:+, Zipf stream (s=$zipf)}" ", result cache ${cache_mb} MiB"
      "$BUILD/bench/load_driver" --port "$port" --clients "$CLIENTS" --seconds "$SECONDS_PER_RUN" \
        --warmup 2 --workload "$WORKLOAD" --wait-ready 120 ${facets:+--facets "$facets"} \
        ${zipf:+--zipf "$zipf"} || status=$?
      printf '```\n'
    } | tee -a "$OUT/results-$n.md"
  done
  if [[ $cache_mb != 0 ]]; then
    curl -s "http://127.0.0.1:$port/metrics" | grep '^hilfsnetz_result_cache' \
      | tee -a "$OUT/results-$n.md" || true
  fi
  stop_pid "$SERVER_PID" "hilfsnetz serve" TERM
  SERVER_PID=""
  if [[ $status != 0 ]]; then
    log "load_driver reported errors; server log $WORK/serve-$n-cache$cache_mb.log ends:"
    tail -20 "$WORK/serve-$n-cache$cache_mb.log" >&2
  fi
  return $status
}

PG_CONNINFO=""
if [[ ${HN_BENCH_NO_PG:-0} != 1 ]]; then
  if [[ -x $PG_BIN/initdb ]]; then
    start_postgres
  else
    log "no $PG_BIN/initdb (apt-get install postgresql-15); PostgreSQL skipped"
  fi
fi

overall=0
for n in $SIZES; do
  dir=$WORK/$n
  mkdir -p "$dir"
  corpus=$dir/corpus.jsonl
  log "generating $n initiatives (seed $SEED)"
  "$BUILD/bench/gen_corpus" --n "$n" --seed "$SEED" --postcodes "$REPO/data/geo/postcodes.tsv" \
    --out "$corpus"
  {
    printf '## %s initiatives (run %s on %s, %s cores)\n' "$n" "$(date -u +%FT%TZ)" \
      "$(hostname)" "$(nproc)"
  } >"$OUT/results-$n.md"
  "$BUILD/bench/peers_bench" --corpus "$corpus" --workload "$WORKLOAD" --workdir "$dir" \
    --browse "$REPO/bench/workloads/browse.txt" --passes "$PASSES" \
    ${PG_CONNINFO:+--pg "$PG_CONNINFO"} --summary "$dir/summary.md" || overall=$?
  cat "$dir/summary.md" >>"$OUT/results-$n.md" 2>/dev/null || true
  if [[ $n == "${SIZES##* }" && -n $PG_PID ]]; then stop_pid "$PG_PID" "postgres" INT; PG_PID=""; fi

  if [[ ${HN_BENCH_NO_HTTP:-0} == 1 ]]; then continue; fi
  if [[ ! -x $HILFSNETZ ]]; then
    log "no $HILFSNETZ yet; HTTP runs skipped"
    continue
  fi
  if [[ ! -f $dir/hilfsnetz/CURRENT ]]; then  # peers_bench built without the hilfsnetz peer
    "$HILFSNETZ" index --input "$corpus" --index "$dir/hilfsnetz" || { overall=1; continue; }
  fi
  http_run "$n" "$dir/hilfsnetz" || overall=1
done
log "results in $OUT/results-*.md"
exit "$overall"
