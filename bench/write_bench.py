#!/usr/bin/env python3
"""Writes over HTTP (issue 11), measured against baselines in the same run.

  python3 bench/write_bench.py --bin build/app/hilfsnetz --corpus FILE.jsonl [--records N]
                               [--seconds S] [--bulk-records M] [--skip-postgres] [--keep]

A 100k corpus: build/bench/gen_corpus --n 100000 --seed 42 --postcodes data/geo/postcodes.tsv
--out corpus.jsonl (the corpus of bench/run_bench.sh). Python 3 standard library only; the
PostgreSQL row needs PostgreSQL's server binaries and psql (apt-get install postgresql-15, as
bench/README.md's other benchmarks), or --skip-postgres.

What it does, in this order (bench/README.md, "Writes over HTTP", says why):
  0. `hilfsnetz index` of the first N records of the corpus into a temporary directory: its
     docs/s is the baseline of the bulk row (it includes training the embedder), and the
     index is the one served.
  1. `hilfsnetz serve` with a write key on a free port (--max-body-bytes 64 MiB: a 10,000-line
     bulk of ~2 KB records is ~20 MB; binaries since 1fc3896 take uploads up to
     --max-upload-bytes, 256 MiB, anyway).
  2. PUT of new records (corpus records under fresh ids), 1 client, then 8 keep-alive clients,
     S seconds each: acknowledged writes/s, p50/p99 latency, the server's CPU.
  3. Latency to visibility: while 8 clients PUT as in 2 (for 2 S), a probe PUTs a record with
     a unique word and, from the moment it sends the PUT, searches for that word until a
     search answers with the record; the time from sending the PUT to that answer, p50/p99 over all
     probes. Searches that started after the PUT was acknowledged and still missed it are
     counted (since the write log, e2a82f2, a write is searchable within the server's refresh
     interval, 250 ms by default, plus one commit, not at its answer: these are expected).
  4. Search p50/p99 of the query workload (bench/workloads/queries.txt, with facets
     district,need; one client, closed loop), idle and while 10 writers PUT at 100 writes/s
     in total (open loop, a fixed schedule): idle, busy, idle, busy, S seconds each; p99
     over both phases of a kind and its ratio.
  5. Bulk: the first M records (default N, all already in the index: these are replaces) as
     NDJSON POSTs of 10,000 lines, docs/s against `hilfsnetz index`.
  6. Every acknowledged PUT is read back with GET: the version must be the acknowledged one.
  7. PostgreSQL (unless --skip-postgres): a private cluster (initdb in the temporary
     directory, unix socket only, default durability: fsync and synchronous_commit on, as
     hilfsnetz fsyncs before answering), a table of (id, doc jsonb, tsv tsvector generated
     from title/summary/description with the german configuration, A/B/C weights) with a GIN
     index; the same M records with INSERT ... ON CONFLICT (id) DO UPDATE in batches of
     10,000 (one statement and transaction per batch), into the empty table and again over
     the loaded one; then single-row upserts from 8 psql connections. Stopped by pid.
Load average (1 min) at start, per phase and at end. The server and PostgreSQL are always
stopped by pid, also on errors, Ctrl-C or SIGTERM (send it to python itself: a pyenv shim in
between does not pass it on). Exit status 1 when the server answered a write or search with
5xx, dropped a connection, or lost an acknowledged write; 2 when a tool is missing.
"""
import argparse
import glob
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

KEY = "write-bench-key-0123456789"
BULK_LINES = 10000
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTH = {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"}


def pct(values, p):
    """The p-quantile (nearest rank) of values in seconds, in ms. A failed request counts as
    infinitely slow (math.inf), so that a p99 over failures shows as failed, not as fast."""
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, math.ceil(len(values) * p) - 1))] * 1000


def ms(v):
    return "failed" if v == math.inf else f"{v:.1f}"


def ratio(a, b):
    return "failed ×" if math.inf in (a, b) else f"{a / b:.2f}×"


def cpu_per(phase, rate):
    """The server's CPU milliseconds per write over a phase."""
    return f"{phase.server_cpu / rate * 1000:.1f}" if rate else "-"


def load():
    return os.getloadavg()[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(msg):
    print(f"write_bench: {msg}", file=sys.stderr, flush=True)


class Problems:
    """What the server did wrong: 5xx, dropped connections, unexpected statuses, lost writes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def add(self, what):
        with self.lock:
            self.items.append(what)
            if len(self.items) <= 20:
                log("PROBLEM: " + what)


PROBLEMS = Problems()


class Client:
    """One keep-alive connection; reconnects (and records a problem) when the server drops it."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method, path, body=None, headers=None):
        try:
            self.conn.request(method, path, body, headers or {})
            r = self.conn.getresponse()
            data = r.read()
            return r.status, data, r
        except (OSError, http.client.HTTPException) as e:
            PROBLEMS.add(f"{method} {path}: transport error {type(e).__name__}: {e}")
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            time.sleep(0.05)  # no busy loop against a server that is gone
            return 0, b"", None


class Records:
    """Request bodies: the corpus's records, cycled, under fresh ids (and unique words)."""

    def __init__(self, lines):
        self.records = [json.loads(l) for l in lines[:2000]]

    def body(self, rid, n, word=None):
        r = dict(self.records[n % len(self.records)])
        r["id"] = rid
        if word:
            r["title"] = r["title"] + " " + word
            r["status"] = "active"  # searches show active initiatives by default
        return json.dumps(r, ensure_ascii=False).encode()


class Server:
    """`hilfsnetz serve`; its CPU seconds from /proc."""

    def __init__(self, binary, index, keys, logfile):
        self.port = free_port()
        self.log = open(logfile, "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--index", index, "--port", str(self.port), "--keys", keys,
             "--access-log", "off", "--max-body-bytes", str(64 << 20)],
            stdout=self.log, stderr=subprocess.STDOUT)
        log(f"hilfsnetz serve started (pid {self.proc.pid}, port {self.port})")
        for _ in range(1200):
            if self.proc.poll() is not None:
                raise RuntimeError(f"hilfsnetz serve exited with {self.proc.returncode}; "
                                   f"see {logfile}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("hilfsnetz serve not ready after 120 s")

    def cpu(self):
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return float("nan")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                log(f"hilfsnetz serve (pid {self.proc.pid}) did not stop; killing it")
                self.proc.kill()
                self.proc.wait()
            log(f"stopped hilfsnetz serve (pid {self.proc.pid}, exit {self.proc.returncode})")
            if self.proc.returncode not in (0, -signal.SIGTERM):
                PROBLEMS.add(f"hilfsnetz serve exited with {self.proc.returncode} on SIGTERM")
        else:
            PROBLEMS.add(f"hilfsnetz serve ended during the run (exit {self.proc.returncode})")
        self.log.close()


def put(client, rid, body, acked):
    """One PUT; an acknowledged one goes into acked[rid] = version. Returns (status, seconds)."""
    t = time.monotonic()
    status, data, r = client.request("PUT", f"/v1/initiatives/{rid}", body, AUTH)
    took = time.monotonic() - t
    if status in (200, 201):
        acked[rid] = r.getheader("ETag", "").strip('"')
    elif status:
        PROBLEMS.add(f"PUT {rid}: {status} {data[:300]!r}")
    return status, took


def writer_metrics(port):
    """The server's hilfsnetz_write_* counters from /metrics (name -> value)."""
    status, data, _ = Client(port).request("GET", "/metrics")
    out = {}
    for line in data.decode().splitlines() if status == 200 else []:
        if line.startswith("hilfsnetz_write_"):
            name, _, value = line.partition(" ")
            out[name] = float(value)
    return out


class Phase:
    """Wall time, the server's CPU, the load average and the writer's counters over a
    measurement."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.t, self.cpu0, self.load0 = time.monotonic(), self.server.cpu(), load()
        self.writer0 = writer_metrics(self.server.port)
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.t
        self.server_cpu = (self.server.cpu() - self.cpu0) / self.seconds
        self.load = f"{self.load0:.1f}–{load():.1f}"
        after = writer_metrics(self.server.port)
        self.writer = {k: v - self.writer0.get(k, 0) for k, v in after.items()}

    def flusher(self):
        """How the writer's flusher spent the phase: commits, and the share of the wall time
        in Xapian commits and in building each commit's search snapshot."""
        w = self.writer
        commits = w.get("hilfsnetz_write_commits_total", 0)
        if not commits:
            return "no commits"
        commit_s = w.get("hilfsnetz_write_commit_seconds_total", 0)
        snap_s = w.get("hilfsnetz_write_snapshot_seconds_total", 0)
        return (f"{commits:.0f} commits, each {1000 * commit_s / commits:.0f} ms in Xapian and "
                f"{1000 * snap_s / commits:.0f} ms building its snapshot; flusher busy "
                f"{100 * (commit_s + snap_s) / self.seconds:.0f}% of the phase")


def put_clients(port, records, clients, seconds, prefix, acked, probe=None):
    """`clients` closed-loop PUT clients for `seconds`; returns (writes/s, p50, p99)."""
    lat, lock, stop = [], threading.Lock(), time.monotonic() + seconds

    def run(c):
        client, n = Client(port), 0
        while time.monotonic() < stop:
            rid = f"{prefix}-{c}-{n}"
            status, took = put(client, rid, records.body(rid, c * 7919 + n), acked)
            n += 1
            if status in (200, 201):
                with lock:
                    lat.append(took)
    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in range(clients)]
    if probe:
        threads.append(threading.Thread(target=probe, args=(stop,), daemon=True))
    t = time.monotonic()
    [th.start() for th in threads]
    [th.join() for th in threads]
    return len(lat) / (time.monotonic() - t), pct(lat, 0.5), pct(lat, 0.99)


def visibility_probe(port, records, acked, out):
    """Until `stop`: PUT a record with a unique word, search for it from the moment the PUT is
    sent until a search returns it. out: 'vis' (seconds from sending the PUT to the answer of
    the first search that has it; math.inf when none did within 10 s), 'ack' (PUT latency),
    'late_misses' (searches started after the acknowledgement that missed it), 'searches',
    'errors' (searches not answered 200), 'never' (not found within 10 s)."""
    search, writer = Client(port), Client(port)

    def probe(stop):
        n = 0
        while time.monotonic() < stop:
            n += 1
            rid, word = f"vis-{n}", f"sichtbar{n}q{random.randint(0, 10**6)}"
            body = records.body(rid, n, word)
            done = {}

            def do_put():
                done["status"], done["took"] = put(writer, rid, body, acked)
                done["at"] = time.monotonic()
            t0 = time.monotonic()
            th = threading.Thread(target=do_put, daemon=True)
            th.start()
            found = None
            while time.monotonic() - t0 < 10:
                started = time.monotonic()
                status, data, _ = search.request("GET", f"/v1/search?q={word}&per_page=1")
                out["searches"] += 1
                if status != 200:
                    out["errors"] += 1
                    if status:
                        PROBLEMS.add(f"search {word}: {status} {data[:200]!r}")
                    continue
                if any(h["id"] == rid for h in json.loads(data)["hits"]):
                    found = time.monotonic() - t0
                    break
                if "at" in done:
                    if done["status"] not in (200, 201):
                        break
                    if started > done["at"]:
                        out["late_misses"] += 1
            th.join()
            if done.get("status") not in (200, 201):
                continue
            out["ack"].append(done["took"])
            if found is None:
                out["never"] += 1
                out["vis"].append(math.inf)
                PROBLEMS.add(f"acknowledged {rid} not found by search within 10 s")
            else:
                out["vis"].append(found)
    return probe


def search_loop(port, queries, seconds, errors):
    """One client, closed loop over the workload for `seconds`; latencies (math.inf for an
    answer other than 200); errors[status] counts those."""
    client, lat, stop, i = Client(port), [], time.monotonic() + seconds, 0
    while time.monotonic() < stop:
        q = queries[i % len(queries)]
        i += 1
        t = time.monotonic()
        status, data, _ = client.request(
            "GET", "/v1/search?q=" + urllib.parse.quote_plus(q) + "&facets=district,need")
        if status == 200:
            lat.append(time.monotonic() - t)
        else:
            lat.append(math.inf)
            errors[status] = errors.get(status, 0) + 1
            if status:
                PROBLEMS.add(f"search {q!r}: {status} {data[:200]!r}")
    return lat


def stream_writes(port, records, rate, acked, stop, out, writers=10):
    """Open loop: `writers` threads, each on its own schedule of rate/writers PUTs a second
    (a late thread sends at once, never in a burst to catch up)."""
    def run(w):
        client, n, interval = Client(port), 0, writers / rate
        nxt = time.monotonic() + w * interval / writers
        while not stop.is_set():
            now = time.monotonic()
            if now < nxt:
                time.sleep(nxt - now)
                continue
            nxt = max(nxt + interval, now)
            rid = f"stream-{out['round']}-{w}-{n}"
            status, took = put(client, rid, records.body(rid, w * 104729 + n), acked)
            n += 1
            if status in (200, 201):
                out["lat"].append(took)
    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in range(writers)]
    [t.start() for t in threads]
    return threads


def check_acked(port, acked):
    """GET every acknowledged record; its version must be the acknowledged one."""
    ids, lost, changed, i, lock = sorted(acked), [], [], [0], threading.Lock()

    def run():
        client = Client(port)
        while True:
            with lock:
                if i[0] >= len(ids):
                    return
                rid = ids[i[0]]
                i[0] += 1
            status, data, r = client.request("GET", f"/v1/initiatives/{rid}")
            if status == 404:
                lost.append(rid)
            elif status == 200 and r.getheader("ETag", "").strip('"') != acked[rid]:
                changed.append(rid)
            elif status != 200:
                PROBLEMS.add(f"GET {rid}: {status} {data[:200]!r}")
    threads = [threading.Thread(target=run, daemon=True) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    if lost:
        PROBLEMS.add(f"{len(lost)} acknowledged writes lost, e.g. {lost[:5]}")
    if changed:
        PROBLEMS.add(f"{len(changed)} records with another version than acknowledged, "
                     f"e.g. {changed[:5]}")
    return len(ids), len(lost), len(changed)


# ---------------------------------------------------------------- PostgreSQL

def find_pg_bin(given):
    cands = [given] if given else sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                         key=lambda p: int(p.split("/")[-2]), reverse=True)
    for d in cands:
        if d and all(os.access(os.path.join(d, t), os.X_OK) for t in ("initdb", "pg_ctl")):
            return d
    return None


class Postgres:
    """A private cluster in `work`/pg: unix socket only, stopped by pid (postmaster.pid)."""

    def __init__(self, pg_bin, work):
        self.pg_bin, self.dir, self.pid = pg_bin, os.path.join(work, "pg"), None
        self.port = free_port()
        os.makedirs(self.dir)
        root = os.getuid() == 0
        if root:
            shutil.chown(self.dir, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"] if root else []
        r = subprocess.run(as_owner + [os.path.join(pg_bin, "initdb"), "-D", self.data(), "-U",
                                       "bench", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError("initdb failed:\n" + r.stdout + r.stderr)
        # Default durability (fsync, synchronous_commit, full_page_writes on): hilfsnetz
        # fsyncs before it acknowledges. shared_buffers and jit as in run_bench.sh.
        opts = (f"-c listen_addresses='' -k {self.dir} -p {self.port} -c shared_buffers=512MB "
                f"-c jit=off -c max_connections=20")
        try:
            subprocess.run(as_owner + [os.path.join(pg_bin, "pg_ctl"), "-D", self.data(), "-l",
                                       os.path.join(self.dir, "server.log"), "-w", "-t", "60",
                                       "-o", opts, "start"],
                           check=True, stdout=subprocess.DEVNULL)
        finally:
            try:
                with open(os.path.join(self.data(), "postmaster.pid")) as f:
                    self.pid = int(f.readline())
            except (OSError, ValueError):
                pass
        log(f"postgres started (pid {self.pid}, socket {self.dir}/.s.PGSQL.{self.port})")

    def data(self):
        return os.path.join(self.dir, "data")

    def psql(self, *extra):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-p",
                str(self.port), "-U", "bench", "-d", "postgres", *extra]

    def run(self, sql):
        r = subprocess.run(self.psql("-At", "-f", "-"), input=sql.encode(), capture_output=True)
        if r.returncode:
            raise RuntimeError("psql failed: " + r.stderr.decode(errors="replace")[:2000])
        return r.stdout.decode()

    def stop(self):
        pid, self.pid = self.pid, None
        if not pid:
            return
        try:
            os.kill(pid, signal.SIGINT)  # fast shutdown
        except ProcessLookupError:
            return
        for _ in range(300):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                log(f"stopped postgres (pid {pid})")
                return
            time.sleep(0.1)
        log(f"postgres (pid {pid}) did not stop; killing it")
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


PG_SCHEMA = """
CREATE TABLE initiatives (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german', coalesce(doc->>'title', '')), 'A') ||
    setweight(to_tsvector('german', coalesce(doc->>'summary', '')), 'B') ||
    setweight(to_tsvector('german', coalesce(doc->>'description', '')), 'C')) STORED);
CREATE INDEX initiatives_tsv ON initiatives USING gin (tsv);
"""


def dollar_quote(text):
    tag = "$hn$"
    while tag in text:
        tag = f"$hn{random.randint(0, 10**9)}$"
    return f"{tag}{text}{tag}"


UPSERT = ("INSERT INTO initiatives (id, doc) {} ON CONFLICT (id) DO UPDATE "
          "SET doc = EXCLUDED.doc;\n")


def pg_bulk(pg, lines):
    """The lines in batches of BULK_LINES, one INSERT ... SELECT ... ON CONFLICT statement
    (its own transaction) per batch, through one psql; returns docs/s."""
    sql = []
    for i in range(0, len(lines), BULK_LINES):
        arr = "[" + ",".join(l.strip() for l in lines[i:i + BULK_LINES]) + "]"
        sql.append(UPSERT.format("SELECT r->>'id', r FROM jsonb_array_elements("
                                 + dollar_quote(arr) + "::jsonb) AS r"))
    sql = "".join(sql).encode()
    t = time.monotonic()
    r = subprocess.run(pg.psql("-f", "-"), input=sql, capture_output=True)
    took = time.monotonic() - t
    if r.returncode:
        raise RuntimeError("psql bulk failed: " + r.stderr.decode(errors="replace")[:2000])
    return len(lines) / took


def pg_single(pg, records, connections, per_connection):
    """`connections` psql processes, each `per_connection` single-row upserts of new records in
    autocommit (one transaction, one WAL flush each; PostgreSQL groups concurrent flushes).
    Returns (upserts/s, p50, p99) with the statement times psql's \\timing reports."""
    procs = []
    for c in range(connections):
        sql = ["\\timing on\n"]
        for n in range(per_connection):
            rid = f"pgput-{c}-{n}"
            body = records.body(rid, c * 7919 + n).decode()
            sql.append(UPSERT.format(f"VALUES ('{rid}', {dollar_quote(body)}::jsonb)"))
        procs.append(("".join(sql).encode(), None))
    t = time.monotonic()
    running = [subprocess.Popen(pg.psql("-f", "-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in procs]
    outs = [None] * len(running)

    def feed(i):
        outs[i] = running[i].communicate(procs[i][0])
    threads = [threading.Thread(target=feed, args=(i,), daemon=True) for i in range(len(running))]
    [th.start() for th in threads]
    [th.join() for th in threads]
    took = time.monotonic() - t
    lat = []
    for p, (out, err) in zip(running, outs):
        if p.returncode:
            raise RuntimeError("psql upserts failed: " + err.decode(errors="replace")[:2000])
        lat += [float(m) / 1000 for m in re.findall(rb"^Time: ([0-9.]+) ms", out, re.M)]
    return connections * per_connection / took, pct(lat, 0.5), pct(lat, 0.99)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the hilfsnetz binary")
    ap.add_argument("--corpus", required=True, help="JSONL records (data/sample or gen_corpus)")
    ap.add_argument("--records", type=int, default=0, help="index the first N (default: all)")
    ap.add_argument("--bulk-records", type=int, default=0,
                    help="bulk-load the first M of them (default: all N)")
    ap.add_argument("--seconds", type=float, default=10, help="per measured phase")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--stream-rate", type=float, default=100, help="writes/s beside searches")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--pg-bin",
                    help="PostgreSQL's server binaries [newest /usr/lib/postgresql/*/bin]")
    ap.add_argument("--pg-upserts", type=int, default=500,
                    help="single-row upserts per PostgreSQL connection (0: skip)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--index", help="serve a copy of this index (of the same records) instead of "
                    "building one; the `hilfsnetz index` baseline is then not measured")
    args = ap.parse_args()

    pg_bin = None
    if not args.skip_postgres:
        pg_bin = find_pg_bin(args.pg_bin)
        missing = [] if pg_bin else [
            f"initdb/pg_ctl (looked in {args.pg_bin or '/usr/lib/postgresql/*/bin'})"]
        if not shutil.which("psql"):
            missing.append("psql")
        if os.getuid() == 0 and not shutil.which("runuser"):
            missing.append("runuser (initdb refuses to run as root)")
        if missing:
            print("write_bench: PostgreSQL is needed for the bulk comparison but "
                  + ", ".join(missing) + " not found.\n  Install it (apt-get install "
                  "postgresql-15, as for bench/run_bench.sh) or run with --skip-postgres.",
                  file=sys.stderr)
            return 2
    if not os.access(args.bin, os.X_OK):
        print(f"write_bench: {args.bin} is not an executable hilfsnetz", file=sys.stderr)
        return 2
    # SIGTERM ends the run like Ctrl-C: the finally blocks below stop what was started.
    def on_term(*_):
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started with it ignored

    load_start = load()
    print(f"load average at start: {os.getloadavg()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')},"
          f" {os.cpu_count()} cores)", flush=True)
    lines = [l for l in open(args.corpus, encoding="utf-8") if l.strip()]
    n = args.records or len(lines)
    lines = lines[:n]
    m = min(args.bulk_records or n, n)
    records = Records(lines)
    queries = [q.strip() for q in open(os.path.join(REPO, "bench/workloads/queries.txt"),
                                       encoding="utf-8") if q.strip() and not q.startswith("#")]
    rows = []  # (measurement, value, load)

    def vs_index(rate):
        return f"{rate / index_rate:.2f}×" if index_rate else "(not measured) ×"

    def row(what, value, ld):
        rows.append((what, value, ld))
        print(f"| {what} | {value} | {ld} |", flush=True)

    work = tempfile.mkdtemp(prefix="hn-write-bench-")
    os.chmod(work, 0o755)  # the postgres user must reach its cluster directory
    server = pg = None
    acked = {}
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            f.writelines(lines)
        index = os.path.join(work, "index")
        if args.index:
            log(f"copying {args.index} (no `hilfsnetz index` baseline in this run)")
            subprocess.run(["cp", "-a", args.index, index], check=True)
            index_rate = None
        else:
            log(f"hilfsnetz index of {n} records (the baseline)")
            t, l0 = time.monotonic(), load()
            subprocess.run([args.bin, "index", "--input", corpus, "--index", index], check=True,
                           stdout=subprocess.DEVNULL,
                           stderr=open(os.path.join(work, "index.log"), "w"))
            index_s = time.monotonic() - t
            index_rate = n / index_s
            index_load = f"{l0:.1f}–{load():.1f}"
            print(f"\nindex of {n} records: {index_s:.1f} s, {index_rate:.0f} docs/s\n")
        with open(os.path.join(work, "keys"), "w") as f:
            f.write(f"bench write {KEY}\n")
        server = Server(args.bin, index, os.path.join(work, "keys"),
                        os.path.join(work, "serve.log"))
        port = server.port

        print("| measurement | value | load |\n|---|---|---|", flush=True)
        if index_rate:
            row(f"`hilfsnetz index` of {n} records",
                f"{index_rate:.0f} docs/s ({index_s:.0f} s)", index_load)
        with Phase(server) as ph:
            one = put_clients(port, records, 1, args.seconds, "one", acked)
        row("PUT, 1 client", f"{one[0]:.0f} writes/s, p50 {one[1]:.1f} ms, p99 {one[2]:.1f} ms "
            f"(server CPU {ph.server_cpu:.2f} cores, {cpu_per(ph, one[0])} ms a write)", ph.load)
        with Phase(server) as ph:
            many = put_clients(port, records, args.clients, args.seconds, "many", acked)
        row(f"PUT, {args.clients} clients",
            f"**{many[0]:.0f} writes/s**, p50 {many[1]:.1f} ms, p99 {many[2]:.1f} ms "
            f"({many[0] / one[0]:.1f}× 1 client; server CPU {ph.server_cpu:.2f} cores, "
            f"{cpu_per(ph, many[0])} ms a write; {ph.flusher()})", ph.load)

        vis = {"vis": [], "ack": [], "late_misses": 0, "searches": 0, "never": 0, "errors": 0}
        with Phase(server) as ph:
            during = put_clients(port, records, args.clients, 2 * args.seconds, "dur", acked,
                                 probe=visibility_probe(port, records, acked, vis))
        row(f"latency to visibility, {args.clients} clients writing",
            f"**p50 {ms(pct(vis['vis'], 0.5))} ms, p99 {ms(pct(vis['vis'], 0.99))} ms** over "
            f"{len(vis['vis'])} probes (their PUTs: p50 {pct(vis['ack'], 0.5):.1f}, p99 "
            f"{pct(vis['ack'], 0.99):.1f} ms; writers {during[0]:.0f} writes/s); searches "
            f"started after the acknowledgement that missed it: {vis['late_misses']} of "
            f"{vis['searches']}; not found in 10 s: {vis['never']}; searches not answered 200: "
            f"{vis['errors']}", ph.load)

        idle_lat, busy_lat, stream_lat, stream_s, busy_loads, idle_loads = [], [], [], 0.0, [], []
        idle_err, busy_err = {}, {}
        for rnd in range(2):
            with Phase(server) as ph:
                idle_lat += search_loop(port, queries, args.seconds, idle_err)
            idle_loads.append(ph.load)
            stop = threading.Event()
            out = {"lat": [], "round": rnd}
            with Phase(server) as ph:
                threads = stream_writes(port, records, args.stream_rate, acked, stop, out)
                busy_lat += search_loop(port, queries, args.seconds, busy_err)
                stop.set()
                [t.join() for t in threads]
            busy_loads.append(ph.load)
            stream_lat += out["lat"]
            stream_s += ph.seconds
        idle = pct(idle_lat, 0.5), pct(idle_lat, 0.99)
        busy = pct(busy_lat, 0.5), pct(busy_lat, 0.99)
        row("search p50 / p99, idle", f"{ms(idle[0])} / {ms(idle[1])} ms ({len(idle_lat)} "
            f"searches; not 200: {sum(idle_err.values())})", ", ".join(idle_loads))
        row(f"search p50 / p99, {args.stream_rate:.0f} PUTs/s beside",
            f"{ms(busy[0])} / {ms(busy[1])} ms ({len(busy_lat)} searches, not 200: "
            f"{busy_err or 0}; **p99 {ratio(busy[1], idle[1])} idle**, p50 "
            f"{ratio(busy[0], idle[0])}; the stream: "
            f"{len(stream_lat) / stream_s:.0f} writes/s, p50 {pct(stream_lat, 0.5):.1f} ms, "
            f"p99 {pct(stream_lat, 0.99):.1f} ms)", ", ".join(busy_loads))

        bulk_lines = [('{"upsert":' + l.strip() + "}") for l in lines[:m]]
        client = Client(port)
        counts = {"added": 0, "replaced": 0, "rejected": 0}
        with Phase(server) as ph:
            for i in range(0, len(bulk_lines), BULK_LINES):
                body = ("\n".join(bulk_lines[i:i + BULK_LINES]) + "\n").encode()
                status, data, _ = client.request(
                    "POST", "/v1/initiatives/bulk", body,
                    {"Authorization": "Bearer " + KEY, "Content-Type": "application/x-ndjson"})
                if status != 200:
                    PROBLEMS.add(f"bulk lines {i + 1}..: {status} {data[:300]!r}")
                    continue
                rep = json.loads(data)
                for k in counts:
                    counts[k] += rep[k]
        bulk_rate = len(bulk_lines) / ph.seconds
        row(f"bulk upsert of {m} records ({BULK_LINES:,} lines a request; they replace)",
            f"**{bulk_rate:.0f} docs/s** ({vs_index(bulk_rate)} `hilfsnetz index`; "
            f"{counts['added']} added, {counts['replaced']} replaced, {counts['rejected']} "
            f"rejected)", ph.load)
        if counts["added"] + counts["replaced"] != m:
            PROBLEMS.add(f"bulk: {counts} for {m} lines")

        with Phase(server) as ph:
            checked, lost, changed = check_acked(port, acked)
        row("acknowledged PUTs read back", f"{checked}: {lost} lost, {changed} with another "
            "version", ph.load)
        server.stop()
        server = None

        if pg_bin:
            l0 = load()
            pg = Postgres(pg_bin, work)
            pg.run(PG_SCHEMA)
            ins = pg_bulk(pg, lines[:m])
            ld = f"{l0:.1f}–{load():.1f}"
            row(f"PostgreSQL {os.path.basename(os.path.dirname(pg_bin))}: INSERT … ON CONFLICT "
                f"of {m} records into the empty table, {BULK_LINES:,} a statement",
                f"{ins:.0f} docs/s (hilfsnetz bulk {bulk_rate / ins:.2f}× this, `hilfsnetz "
                f"index` {index_rate / ins if index_rate else math.nan:.2f}×)", ld)
            l0 = load()
            upd = pg_bulk(pg, lines[:m])
            row("PostgreSQL: the same again over the loaded table (every row updated)",
                f"{upd:.0f} docs/s (hilfsnetz bulk {bulk_rate / upd:.2f}× this)",
                f"{l0:.1f}–{load():.1f}")
            if args.pg_upserts:
                l0 = load()
                single = pg_single(pg, records, args.clients, args.pg_upserts)
                row(f"PostgreSQL: single-row upserts, {args.clients} connections",
                    f"{single[0]:.0f} upserts/s, p50 {single[1]:.1f} ms, p99 {single[2]:.1f} ms"
                    f" (hilfsnetz PUT, {args.clients} clients: {many[0] / single[0]:.2f}× this)",
                    f"{l0:.1f}–{load():.1f}")
            size = pg.run("SELECT pg_total_relation_size('initiatives')").strip()
            print(f"\nPostgreSQL table with its indexes: {int(size) / 2**20:.0f} MiB", flush=True)
            pg.stop()
            pg = None
    finally:
        if server:
            server.stop()
        if pg:
            pg.stop()
        if PROBLEMS.items:
            try:
                with open(os.path.join(work, "serve.log"), errors="replace") as f:
                    log("the server's log ends:\n" + "".join(f.readlines()[-30:]))
            except OSError:
                pass
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nload average at start {load_start:.2f}, at end {load():.2f} "
          f"({time.strftime('%H:%M:%S %Z')})")
    if PROBLEMS.items:
        print(f"\n{len(PROBLEMS.items)} PROBLEMS (server answers that should not happen):")
        for p in PROBLEMS.items[:50]:
            print("  " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
