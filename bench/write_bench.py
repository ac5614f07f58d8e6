#!/usr/bin/env python3
"""Writes over HTTP (issue 11), measured against baselines in the same run.

  python3 bench/write_bench.py --bin build/app/hilfsnetz --corpus FILE.jsonl [--records N]
                               [--seconds S]

Builds an index of the corpus with `hilfsnetz index` in a temporary directory (its docs/s is
the baseline of the bulk row), starts `hilfsnetz serve` with a write key on a free port, and
reports:
  1. PUT of new records, 1 client and 8 keep-alive clients for S seconds each: writes/s, p50 and
     p99 latency; the 1-client rate is one fsync per write, the 8-client rate shows the group
     commit (several writes per fsync).
  2. Latency to visibility: after each of 200 PUTs, the first search for its unique word; the
     number of searches that did not find it yet (0 = visible when acknowledged).
  3. Bulk: the first N records of the corpus as one NDJSON POST per 10,000 lines, docs/s,
     against `hilfsnetz index` of the same N records.
  4. Search p50/p99 of 8 queries, idle and while a client streams 100 PUTs/s.
Prints the load average at start and end. Stops the server by pid.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

KEY = "write-bench-key-0123456789"
QUERIES = ["deutschkurs", "laptops", "kleiderkammer", "hausaufgabenhilfe", "beratung asyl",
           "fahrrad werkstatt", "sprachcafe", "tafel"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def record(rid, n):
    return json.dumps({"title": f"Schreibtest {n} wort{rid.replace('-', '')}", "postcode": "12047",
                       "needs": [{"type": "goods", "description": "Laptops"}]})


def put_clients(port, clients, seconds, prefix):
    lat, lock, stop = [], threading.Lock(), time.time() + seconds

    def run(c):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        n = 0
        while time.time() < stop:
            rid = f"{prefix}-{c}-{n}"
            n += 1
            t = time.time()
            conn.request("PUT", f"/v1/initiatives/{rid}", record(rid, n),
                         {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status not in (200, 201):
                raise SystemExit(f"PUT {rid}: {r.status}")
            with lock:
                lat.append(time.time() - t)
    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return len(lat) / seconds, pct(lat, 0.5), pct(lat, 0.99)


def search_latencies(port, rounds):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    lat = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.time()
            conn.request("GET", "/v1/search?q=" + q.replace(" ", "+") + "&facets=district,need")
            conn.getresponse().read()
            lat.append(time.time() - t)
    return pct(lat, 0.5), pct(lat, 0.99)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=10)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    lines = [l for l in open(args.corpus, encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory(prefix="hn-write-bench-") as tmp:
        index = os.path.join(tmp, "index")
        subset = os.path.join(tmp, "subset.jsonl")
        with open(subset, "w", encoding="utf-8") as f:
            f.writelines(lines[:args.records])
        t = time.time()
        subprocess.run([args.bin, "index", "--input", args.corpus, "--index", index], check=True,
                       stderr=subprocess.DEVNULL)
        print(f"index of the corpus ({len(lines)} records): {time.time() - t:.1f} s")
        t = time.time()
        subprocess.run([args.bin, "index", "--input", subset, "--index", os.path.join(tmp, "sub")],
                       check=True, stderr=subprocess.DEVNULL)
        index_rate = args.records / (time.time() - t)
        with open(os.path.join(tmp, "keys"), "w") as f:
            f.write(f"bench write {KEY}\n")
        port = free_port()
        server = subprocess.Popen([args.bin, "serve", "--index", index, "--port", str(port),
                                   "--keys", os.path.join(tmp, "keys"), "--access-log", "off"],
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port)
                    c.request("GET", "/readyz")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            print("\n| measurement | value |\n|---|---|")
            one = put_clients(port, 1, args.seconds, "one")
            eight = put_clients(port, 8, args.seconds, "eight")
            print(f"| PUT, 1 client | {one[0]:.0f} writes/s, p50 {one[1]:.1f} ms, p99 {one[2]:.1f} ms |")
            print(f"| PUT, 8 clients | {eight[0]:.0f} writes/s, p50 {eight[1]:.1f} ms, "
                  f"p99 {eight[2]:.1f} ms ({eight[0] / one[0]:.1f}× 1 client) |")

            conn = http.client.HTTPConnection("127.0.0.1", port)
            misses = 0
            for n in range(200):
                rid = f"vis-{n}"
                conn.request("PUT", f"/v1/initiatives/{rid}", record(rid, n),
                             {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
                conn.getresponse().read()
                conn.request("GET", f"/v1/search?q=wort{rid.replace('-', '')}")
                if json.loads(conn.getresponse().read())["total"] < 1:
                    misses += 1
            print(f"| searches right after a PUT that missed it | {misses} of 200 |")

            bulk_lines = [json.dumps({"upsert": json.loads(l)}) for l in lines[:args.records]]
            t = time.time()
            for i in range(0, len(bulk_lines), 10000):
                body = ("\n".join(bulk_lines[i:i + 10000]) + "\n").encode()
                conn.request("POST", "/v1/initiatives/bulk", body,
                             {"Authorization": "Bearer " + KEY, "Content-Type": "application/x-ndjson"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    raise SystemExit(f"bulk: {r.status}")
            bulk_rate = len(bulk_lines) / (time.time() - t)
            print(f"| bulk upsert of {len(bulk_lines)} records | {bulk_rate:.0f} docs/s "
                  f"({bulk_rate / index_rate:.2f}× `hilfsnetz index` of them: {index_rate:.0f} docs/s) |")

            idle = search_latencies(port, 10)
            stop = threading.Event()

            def stream():
                c = http.client.HTTPConnection("127.0.0.1", port)
                n = 0
                while not stop.is_set():
                    t0 = time.time()
                    rid = f"stream-{n}"
                    c.request("PUT", f"/v1/initiatives/{rid}", record(rid, n),
                              {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
                    c.getresponse().read()
                    n += 1
                    time.sleep(max(0.0, 0.01 - (time.time() - t0)))
            writer = threading.Thread(target=stream)
            writer.start()
            busy = search_latencies(port, 10)
            stop.set()
            writer.join()
            print(f"| search p50 / p99, idle | {idle[0]:.1f} / {idle[1]:.1f} ms |")
            print(f"| search p50 / p99, 100 PUTs/s beside | {busy[0]:.1f} / {busy[1]:.1f} ms "
                  f"(p99 {busy[1] / idle[1]:.2f}× idle) |")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
