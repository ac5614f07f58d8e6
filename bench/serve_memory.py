#!/usr/bin/env python3
"""Memory of `hilfsnetz serve` on an index, after a warm-up that touches every cache (issue 13's
capacity note, docs/capacity.md).

  python3 bench/serve_memory.py --bin build/app/hilfsnetz --index DIR [--threads 16]

Starts the server on a free port (stopped by pid, also on errors), then: every query of
bench/workloads/queries.txt with facets district,need,topic,language; every line of
bench/workloads/browse.txt with all four facets; the recommendations of the profiles in
data/sample/companies.jsonl; similar for the ids of the first hits. Prints the index's size on
disk, the server's resident memory after starting and after the warm-up (VmRSS) and its peak
(VmHWM), with the load average. Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def workload(name):
    with open(os.path.join(REPO, "bench", "workloads", name)) as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    return ["" if l == "-" else l for l in lines]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--threads", type=int, default=16)
    args = ap.parse_args()
    port = free_port()
    log = open(os.devnull, "w")
    server = subprocess.Popen([args.bin, "serve", "--index", args.index, "--port", str(port),
                               "--threads", str(args.threads)], stdout=log, stderr=log)
    try:
        # /readyz answers 200 once the index is open (at 1M: minutes).
        deadline, ready_s, t_start = time.monotonic() + 1800, None, time.monotonic()
        while time.monotonic() < deadline and server.poll() is None:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                probe.request("GET", "/readyz")
                r = probe.getresponse()
                r.read()
                probe.close()
                if r.status == 200:
                    ready_s = time.monotonic() - t_start
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if ready_s is None:
            print("serve_memory: the server did not get ready", file=sys.stderr)
            return 1
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started_kb = status_kb(server.pid, "VmRSS")
        bad = 0
        ids = []
        calls = {"GET": 0, "POST": 0}

        def get(path, body=None):
            nonlocal bad
            calls["POST" if body else "GET"] += 1
            conn.request("POST" if body else "GET", path, body=body,
                         headers={"Content-Type": "application/json"} if body else {})
            r = conn.getresponse()
            data = r.read()
            if r.status != 200:
                bad += 1
            return data

        t0 = time.monotonic()
        for q in workload("queries.txt"):
            data = get("/v1/search?q=" + urllib.parse.quote_plus(q) +
                       "&facets=district,need,topic,language")
            hits = json.loads(data).get("hits", []) if data.startswith(b"{") else []
            if hits and len(ids) < 50:
                ids.append(hits[0].get("id") or hits[0].get("record", {}).get("id"))
        for line in workload("browse.txt"):
            params = urllib.parse.quote(line, safe="=&")
            get("/v1/search?" + params + ("&" if params else "") + "facets=district,need,topic,language")
        with open(os.path.join(REPO, "data", "sample", "companies.jsonl")) as f:
            for profile in f:
                if profile.strip():
                    get("/v1/recommendations", profile.encode())
        for i in ids:
            if i:
                get("/v1/initiatives/" + urllib.parse.quote(i) + "/similar")
        seconds = time.monotonic() - t0
        rss_kb, hwm_kb = status_kb(server.pid, "VmRSS"), status_kb(server.pid, "VmHWM")
        conn.request("GET", "/readyz")
        ready = conn.getresponse().read().decode()
        print(f"index {args.index}: {dir_bytes(args.index) / 2**20:.0f} MiB on disk; /readyz {ready}")
        print(f"serve --threads {args.threads}: ready after {ready_s:.1f} s, RSS {started_kb / 1024:.0f} MiB then, "
              f"{rss_kb / 1024:.0f} MiB after the warm-up ({calls['GET']} GETs: searches, browses and "
              f"{len(ids)} similar; {calls['POST']} recommendations; {seconds:.1f} s; "
              f"answers other than 200: {bad}), peak {hwm_kb / 1024:.0f} MiB; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 1 if bad else 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
