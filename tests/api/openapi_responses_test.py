#!/usr/bin/env python3
"""Real responses against api/openapi.json: a black-box test of `hilfsnetz serve`.

Builds an index of the sample corpus in a temporary directory, starts the server binary on a
free port, sends good and bad requests to every route the document describes and checks each
answer against the document:

  - the status is described for that path and method (405: for the path);
  - the Content-Type is one the response describes;
  - the body validates against that response's schema (JSON Schema 2020-12, formats checked),
    and described headers that are required (Allow, Retry-After) are present and valid;
  - both ways for parameters: every query parameter described for an operation is accepted
    (a request using it answers 200), and the parameters the server names in its "unknown
    parameter" problem (valid_values) are exactly those described; POST /v1/search's body
    fields are the same; OPTIONS and 405 answers' Allow headers name exactly the methods the
    path describes; GET /openapi.json serves this very document;
  - every described operation was exercised with a 2xx answer.

A failure names the request, the route, the status and the schema path. Checks of things the
server does not serve yet are skipped with "not served yet", but only when the server answers
404 to them (a 404 that the document does not describe for that route).

Usage: openapi_responses_test.py --server BIN --spec api/openapi.json
                                 --initiatives data/sample/initiatives.jsonl
                                 --companies data/sample/companies.jsonl
"""

import argparse
import gzip
import http.client
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from jsonschema import Draft202012Validator, FormatChecker

try:  # jsonschema >= 4.18
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012
except ImportError:  # Debian 12's python3-jsonschema 4.10
    Registry = None
    from jsonschema import RefResolver

BASE_URI = "urn:hilfsnetz:openapi"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def pointer_escape(s):
    return s.replace("~", "~0").replace("/", "~1")


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self._validators = {}
        if Registry is not None:
            self._registry = Registry().with_resource(BASE_URI, DRAFT202012.create_resource(doc))
        else:
            self._resolver = RefResolver(BASE_URI, doc, store={BASE_URI: doc})

    def resolve(self, pointer):
        node = self.doc
        for part in pointer.lstrip("#/").split("/"):
            if not part:
                continue
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def deref(self, obj, pointer):
        """Follows an OpenAPI $ref (responses, parameters, headers): (object, its pointer)."""
        while isinstance(obj, dict) and "$ref" in obj:
            pointer = obj["$ref"]
            obj = self.resolve(pointer)
        return obj, pointer

    def validator(self, pointer):
        if pointer not in self._validators:
            schema = {"$ref": BASE_URI + pointer}
            if Registry is not None:
                v = Draft202012Validator(schema, registry=self._registry, format_checker=FormatChecker())
            else:
                v = Draft202012Validator(schema, resolver=self._resolver, format_checker=FormatChecker())
            self._validators[pointer] = v
        return self._validators[pointer]

    def operations(self):
        for path, item in self.doc["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method.upper(), item[method]

    def path_methods(self, path):
        return sorted(m.upper() for m in METHODS if m in self.doc["paths"][path])

    def query_parameters(self, path, method):
        op = self.doc["paths"][path][method.lower()]
        out = {}
        for i, p in enumerate(op.get("parameters", [])):
            p, _ = self.deref(p, f"#/paths/{pointer_escape(path)}/{method.lower()}/parameters/{i}")
            if p["in"] == "query":
                out[p["name"]] = p
        return out


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.raw = body

    def header(self, name):
        return self.headers.get(name.lower(), "")

    @property
    def body(self):
        if self.header("Content-Encoding").lower() == "gzip":
            return gzip.decompress(self.raw)
        return self.raw

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def media_key(content_type):
    """'application/json; charset=utf-8' -> 'application/json' (parameters other than charset kept)."""
    parts = [p.strip().lower() for p in content_type.split(";") if p.strip()]
    if not parts:
        return ""
    params = sorted(p.replace(" ", "") for p in parts[1:] if not p.startswith("charset="))
    return "; ".join([parts[0]] + params)


class Server:
    def __init__(self, binary, index_dir, extra_args=("--threads", "2")):
        self.proc = subprocess.Popen(
            [binary, "serve", "--index", index_dir, "--host", "127.0.0.1", "--port", "0", *extra_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.port = None
        self.log = []
        found = threading.Event()

        def read():
            for line in iter(self.proc.stderr.readline, b""):
                text = line.decode("utf-8", "replace").rstrip()
                self.log.append(text)
                m = re.search(r"https?://[^\s/]*:(\d+)", text)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        deadline = time.time() + 120
        while not found.wait(0.2):
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit("FAIL: the server did not start:\n" + "\n".join(self.log))
        while time.time() < deadline:  # listening once /healthz answers
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("FAIL: /healthz never answered:\n" + "\n".join(self.log))

    def request(self, method, target, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            hdrs = dict(headers or {})
            if body is not None:
                hdrs.setdefault("Content-Length", str(len(body)))
            for k, v in hdrs.items():
                conn.putheader(k, v)
            conn.endheaders(body)
            res = conn.getresponse()
            data = res.read()
            return Response(res.status, res.getheaders(), data)
        finally:
            conn.close()

    def raw(self, data, send_errors_ok=True):
        """Sends raw bytes and reads one response (Content-Length framed, or until close)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as s:
            try:
                s.sendall(data)
            except OSError:
                if not send_errors_ok:
                    raise
            buf = b""
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
            head, _, rest = buf.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:] if ":" in line]
            length = next((int(v) for k, v in headers if k.lower() == "content-length"), None)
            while length is None or len(rest) < length:
                try:
                    chunk = s.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                rest += chunk
            return Response(status, headers, rest[:length] if length is not None else rest)

    def stop(self):
        """SIGTERM, then its exit status (None when it had to be killed after 30 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode


class Checker:
    def __init__(self, spec, server):
        self.spec = spec
        self.server = server
        self.failures = []
        self.skips = []
        self.checked = 0
        self.exercised = set()  # (path, METHOD, status)

    def fail(self, what, message):
        self.failures.append(f"{what}: {message}")
        print(f"FAIL {what}: {message}", flush=True)

    def skip(self, what, why):
        self.skips.append(f"{what}: {why}")
        print(f"SKIP {what}: {why}", flush=True)

    def check(self, label, path, method, target, *, body=None, headers=None, expect=None,
              raw=None, then=None):
        """Sends a request and checks the answer against the document.

        path: the document's path template (None: no described path); expect: the statuses
        acceptable; then: a function (res, parsed_body) -> error text or None, for checks
        beyond the schema."""
        what = f"{label} [{method} {target[:120]}{'…' if len(target) > 120 else ''}]"
        try:
            res = self.server.raw(raw) if raw is not None else self.server.request(method, target, body, headers)
        except Exception as ex:  # the server died or hung up
            self.fail(what, f"no answer: {ex!r}")
            return None
        self.checked += 1
        if expect is not None and res.status not in expect:
            self.fail(what, f"expected status {sorted(expect)}, got {res.status}: {res.body[:400]!r}")
            return None
        parsed = self.validate(what, path, method, res)
        if parsed is not _INVALID and then is not None:
            problem = then(res, parsed)
            if problem:
                self.fail(what, problem)
        return res

    def response_object(self, what, path, method, status):
        """The described response for path+method+status: (object, pointer), or None."""
        if path is None:
            if status != 404:
                self.fail(what, f"status {status} for a path the document does not describe (only 404 is expected)")
                return None
            return self.spec.deref({"$ref": "#/components/responses/NotFound"}, "")
        item = self.spec.doc["paths"][path]
        op_method = method.lower()
        if op_method not in item:
            if status != 405:
                self.fail(what, f"{method} is not described for {path}, so only 405 may answer it, not {status}")
                return None
            op_method = next(m for m in METHODS if m in item)
            if any(str(status) not in item[m]["responses"] for m in METHODS if m in item):
                self.fail(what, f"405 is not described on every operation of {path}")
                return None
        responses = item[op_method]["responses"]
        key = str(status)
        if key not in responses:
            key = f"{key[0]}XX" if f"{key[0]}XX" in responses else "default"
        if key not in responses:
            self.fail(what, f"status {status} is not described for {method} {path} "
                            f"(described: {', '.join(sorted(responses))})")
            return None
        return self.spec.deref(responses[key], f"#/paths/{pointer_escape(path)}/{op_method}/responses/{key}")

    def validate(self, what, path, method, res):
        found = self.response_object(what, path, method, res.status)
        if found is None:
            return _INVALID
        obj, pointer = found
        if path is not None:
            described = self.spec.path_methods(path)
            for m in (described if method not in described else [method]):  # a 405: the path's
                self.exercised.add((path, m, res.status))
        for name, h in obj.get("headers", {}).items():
            h, hptr = self.spec.deref(h, f"{pointer}/headers/{pointer_escape(name)}")
            value = res.header(name)
            if not value:
                if h.get("required"):
                    self.fail(what, f"header {name} required by {hptr} is missing")
                continue
            schema = h.get("schema", {})
            instance = int(value) if schema.get("type") == "integer" and value.isdigit() else value
            for e in self.spec.validator(f"{hptr}/schema").iter_errors(instance):
                self.fail(what, f"header {name}: {value!r} does not match {hptr}/schema: {e.message}")
        content = obj.get("content")
        if not content:
            if res.body:
                self.fail(what, f"{pointer} describes no body, got {res.body[:200]!r}")
            return None
        got = media_key(res.header("Content-Type"))
        media = next((m for m in content if media_key(m) == got), None)
        if media is None:
            self.fail(what, f"Content-Type {res.header('Content-Type')!r} is not described at {pointer} "
                            f"(described: {', '.join(content)})")
            return _INVALID
        schema_ptr = f"{pointer}/content/{pointer_escape(media)}/schema"
        try:
            text = res.body.decode("utf-8")
        except (UnicodeDecodeError, OSError) as ex:
            self.fail(what, f"body does not decode: {ex}")
            return _INVALID
        if media_key(media).endswith("json"):
            try:
                instance = json.loads(text)
            except ValueError as ex:
                self.fail(what, f"body is not JSON ({ex}): {text[:200]!r}")
                return _INVALID
        else:
            instance = text
        errors = sorted(self.spec.validator(schema_ptr).iter_errors(instance), key=lambda e: list(e.path))
        for e in errors[:5]:
            schema_path = "/".join(str(p) for p in e.schema_path)
            self.fail(what, f"body{e.json_path[1:]} does not match {schema_ptr} "
                            f"(at {schema_path}): {e.message[:300]}")
        return _INVALID if errors else instance


_INVALID = object()


def q(params):
    return urllib.parse.urlencode(params, doseq=True, quote_via=urllib.parse.quote)


def problem_names(parameter):
    def then(res, body):
        if body.get("parameter") != parameter:
            return f"problem names parameter {body.get('parameter')!r}, expected {parameter!r}"
        return None
    return then


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--spec", required=True)
    ap.add_argument("--initiatives", required=True)
    ap.add_argument("--companies", required=True)
    args = ap.parse_args()

    with open(args.spec, encoding="utf-8") as f:
        doc = json.load(f)
    spec = Spec(doc)
    initiatives = [json.loads(line) for line in open(args.initiatives, encoding="utf-8") if line.strip()]
    companies = [json.loads(line) for line in open(args.companies, encoding="utf-8") if line.strip()]

    with tempfile.TemporaryDirectory(prefix="hn-openapi-") as tmp:
        index_dir = os.path.join(tmp, "index")
        built = subprocess.run([args.server, "index", "--input", args.initiatives, "--index", index_dir],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if built.returncode != 0:
            raise SystemExit(f"FAIL: indexing the sample failed ({built.returncode}):\n"
                             + built.stdout.decode("utf-8", "replace")[-2000:])
        # A deadline far above the default 2 s: this server's answers are checked for their
        # shape, and a sanitizer build answers a faceted search several times slower (the
        # deadline's 503 is the second server's check).
        keys_file = os.path.join(tmp, "keys")
        with open(keys_file, "w", encoding="utf-8") as f:
            f.write(f"staff write {WRITE_KEY}\nportal read {READ_KEY}\n")
        server = Server(args.server, index_dir, ("--threads", "2", "--request-timeout-ms", "30000",
                                                 "--keys", keys_file))
        try:
            c = Checker(spec, server)
            run_checks(c, spec, initiatives, companies)
        finally:
            status = server.stop()
        if status != 0:  # a sanitizer report, a crash, or no clean shutdown
            c.fail("server", f"exited with {status} after SIGTERM (None: killed after 30 s); its last "
                             "output:\n  " + "\n  ".join(server.log[-30:]))

        # A second server, configured for CORS and to shed load: one worker, no queue, a 1 ms
        # deadline.
        c.server = Server(args.server, index_dir,
                          ("--threads", "1", "--max-queued", "0", "--request-timeout-ms", "1",
                           "--cors-origin", CORS_ORIGIN, "--access-log", "off"))
        try:
            cors_and_overload_checks(c)
        finally:
            status = c.server.stop()
        if status != 0:
            c.fail("second server", f"exited with {status} after SIGTERM; its last output:\n  "
                   + "\n  ".join(c.server.log[-30:]))

    missing = []
    for path, method, op in spec.operations():
        if not any(p == path and m == method and 200 <= s < 300 for p, m, s in c.exercised):
            if not any(s.startswith(f"{method} {path}") or f"[{method} {path}" in s for s in c.skips):
                missing.append(f"{method} {path}")
    for m in missing:
        c.fail(m, "described but never answered with a 2xx by this test (add a case, or it is not served)")
    described = {(p, m, s) for p, m, op in spec.operations() for s in op["responses"]}
    unexercised = sorted(f"{m} {p} {s}" for p, m, s in described
                         if not any(p == ep and m == em and str(es) == s for ep, em, es in c.exercised))
    print(f"\n{c.checked} responses checked; {len(c.skips)} skipped; {len(c.failures)} failures")
    print("described statuses not exercised (no reliable trigger, or skipped): " + ", ".join(unexercised))
    if c.failures:
        print("\nFAILURES:\n" + "\n".join(c.failures))
        return 1
    return 0


CORS_ORIGIN = "https://portal.example.org"
WRITE_KEY = "openapi-test-write-key-0123"
READ_KEY = "openapi-test-read-key-0123"


def cors_and_overload_checks(c):
    """CORS as info.description says, and 503 answers (overloaded or past the deadline)."""
    def cors_on(res, body):
        if res.header("Access-Control-Allow-Origin") != CORS_ORIGIN:
            return f"Access-Control-Allow-Origin is {res.header('Access-Control-Allow-Origin')!r}"
        if "origin" not in res.header("Vary").lower():
            return f"Vary is {res.header('Vary')!r}, without Origin"
        return None
    c.check("CORS, allowed origin", "/healthz", "GET", "/healthz", headers={"Origin": CORS_ORIGIN},
            expect={200}, then=cors_on)
    c.check("CORS, other origin", "/healthz", "GET", "/healthz", headers={"Origin": "https://evil.example"},
            expect={200}, then=lambda res, body: "Access-Control-Allow-Origin sent to another origin"
            if res.header("Access-Control-Allow-Origin") else None)
    res = c.server.request("OPTIONS", "/v1/search", headers={
        "Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    what = "CORS preflight [OPTIONS /v1/search]"
    methods = {m.strip() for m in res.header("Access-Control-Allow-Methods").split(",")}
    if res.status != 204:
        c.fail(what, f"expected 204, got {res.status}")
    elif res.header("Access-Control-Allow-Origin") != CORS_ORIGIN or not {"GET", "POST"} <= methods \
            or "content-type" not in res.header("Access-Control-Allow-Headers").lower() \
            or not res.header("Access-Control-Max-Age").isdigit():
        c.fail(what, f"preflight headers not as described: {res.headers}")

    # Eight heavy searches at once on one worker with no queue and a 1 ms deadline: each is
    # answered 200 or 503, and the 503s match the described problem and Retry-After.
    statuses = []
    body = json.dumps({"q": "hilfe deutschkurs kleiderkammer computer beratung", "mode": "hybrid",
                       "facets": ["district", "need", "topic", "language", "status"],
                       "per_page": 100}).encode()

    def one():
        res = c.check("under load", "/v1/search", "POST", "/v1/search", body=body,
                      headers={"Content-Type": "application/json"}, expect={200, 503})
        statuses.append(res.status if res else None)
    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if 503 not in statuses:
        c.skip("503 under load", f"could not provoke a 503 (statuses {statuses})")


def run_checks(c, spec, initiatives, companies):
    S, J = "/v1/search", {"Content-Type": "application/json"}

    # ------------------------------------------------------------------ operations
    c.check("healthz", "/healthz", "GET", "/healthz", expect={200})
    ready = c.check("readyz", "/readyz", "GET", "/readyz", expect={200})
    dims = ready.json()["embeddings"]["dimensions"] if ready and ready.json().get("embeddings") else None
    c.check("metrics", "/metrics", "GET", "/metrics", expect={200})

    def same_document(res, body):
        return None if body == spec.doc else "GET /openapi.json differs from api/openapi.json (stale build?)"
    c.check("openapi", "/openapi.json", "GET", "/openapi.json", expect={200}, then=same_document)

    # ------------------------------------------------------------------ GET /v1/search
    vector = ",".join(["0.01"] * dims) if dims else None
    good = [
        {"q": "fluechtlinge deutschkurs", "facets": "district,need,topic,language,status"},
        {"q": "Computer für Geflüchtete", "mode": "hybrid", "per_page": "20"},
        {"near": "12047", "radius_km": "1.5", "sort": "distance"},
        {"near": "Schillerkiez", "radius_km": "1"},
        {"near": "52.4875,13.4246"},
        {"q": "bezirk:Neukölln bedarf:geld", "sort": "funding_gap"},
        {"q": "دورة لغة ألمانية"},
        {"q": "Деньги на ремонт", "lang": "ru", "facets": "need"},
        {"q": "\"kleider kammer", "per_page": "3"},
        {"q": "fluechtlinge kleiderkamer deutschkurz"},
        {"q": "kleiderk", "prefix": "last", "per_page": "3"},
        {"status": ["paused", "completed"], "facets": ["status", "district"]},
        {"need": ["money", "goods"], "facets": "district,need,topic,language,status,neighbourhood",
         "sums": "funding_gap_eur", "per_page": "1"},
        {"q": "laptops", "mode": "hybrid", "facets": "neighbourhood", "sums": "funding_gap_eur"},
        {"district": "Mitte", "sums": "funding_gap_eur"},
        {"district": ["neukoelln", "Mitte"], "need": ["money", "geld"], "topic": "bildung", "language": "de"},
        {"neighbourhood": "Kreuzberg", "sort": "newest", "page": "2", "per_page": "5"},
        {"q": "hilfe", "page": "1000"},
        {"q": "", "per_page": "100"},
        {},
    ]
    if vector:
        good += [{"vector": vector, "per_page": "3"}, {"q": "laptops", "vector": vector, "mode": "hybrid"}]
    for params in good:
        c.check("search", S, "GET", f"{S}?{q(params)}", expect={200})
    c.check("search, gzip", S, "GET", f"{S}?{q({'q': 'hilfe', 'per_page': '50'})}",
            headers={"Accept-Encoding": "gzip"}, expect={200},
            then=lambda res, body: None if res.header("Content-Encoding") == "gzip"
            else "an answer over 1 KiB to Accept-Encoding: gzip is not gzip-encoded")

    # Every described parameter is accepted...
    samples = {"q": "deutschkurs", "district": "Neukölln", "neighbourhood": "Moabit", "need": "money",
               "topic": "education", "language": "de", "status": "active", "near": "12047",
               "radius_km": "3", "sort": "newest", "page": "1", "per_page": "5", "facets": "district,need",
               "sums": "funding_gap_eur",
               "mode": "hybrid", "lang": "de", "prefix": "last", "vector": vector, "limit": "3"}
    needs = {"radius_km": {"near": "12047"}, "sort": {"near": "12047"}}
    for path, target in ((S, S), ("/v1/suggest", "/v1/suggest"),
                         ("/v1/initiatives/{id}/similar", "/v1/initiatives/refugees-on-rails/similar")):
        described = spec.query_parameters(path, "GET")
        for name in described:
            if samples.get(name) is None:
                c.fail(f"GET {path}", f"the test has no sample value for parameter {name!r}")
                continue
            params = {name: samples[name], **needs.get(name, {})}
            if path == "/v1/suggest" and name != "q":
                params["q"] = "hilfe"
            c.check(f"parameter {name}", path, "GET", f"{target}?{q(params)}", expect={200})

        # ...and the server knows no other (its "unknown parameter" problem lists the ones it has).
        def same_names(res, body, described=described, path=path):
            served = set(body.get("valid_values", []))
            if served != set(described):
                return (f"parameters served but not described: {sorted(served - set(described))}; "
                        f"described but not served: {sorted(set(described) - served)}")
            return None
        extra = {"q": "hilfe"} if path == "/v1/suggest" else {}
        c.check(f"unknown parameter of {path}", path, "GET", f"{target}?{q({**extra, 'bogus_param': '1'})}",
                expect={400}, then=same_names)

    bad = [
        ({"sort": "bogus"}, "sort"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"page": "1001"}, "page"),
        ({"q": ["a", "b"]}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"radius_km": "2"}, "radius_km"),
        ({"sort": "distance"}, "sort"),
        ({"near": "Atlantis"}, "near"),
        ({"district": "Gotham"}, "district"),
        ({"need": "unicorns"}, "need"),
        ({"topic": "astrology"}, "topic"),
        ({"status": "deleted"}, "status"),
        ({"language": "german"}, "language"),
        ({"facets": "district,colour"}, "facets"),
        ({"facets": "district", "sums": "hours"}, "sums"),
        ({"mode": "semantic"}, "mode"),
        ({"lang": "fr"}, "lang"),
        ({"prefix": "first"}, "prefix"),
        ({"vector": "1,x"}, "vector"),
        ({"vector": "0.5,0.5"}, "vector"),
        ({"district": ""}, "district"),
        ({"neighbourhood": ["Moabit"] * 201}, "neighbourhood"),
    ]
    for params, name in bad:
        c.check(f"bad {name}", S, "GET", f"{S}?{q(params)}", expect={400}, then=problem_names(name))
    c.check("bad UTF-8", S, "GET", f"{S}?q=%FF%FE", expect={400}, then=problem_names("q"))

    # ------------------------------------------------------------------ POST /v1/search
    body_fields = set(spec.resolve("#/components/schemas/SearchBody")["properties"])
    posts = [
        {"q": "laptops", "district": ["Neukölln"], "per_page": 1},
        {"q": "deutschkurs", "facets": ["district", "need"], "status": "active", "page": "1"},
        {"need": ["money", "goods"], "facets": "topic,language", "sort": "funding_gap", "q": None},
        {"need": "money", "facets": ["district", "neighbourhood"], "sums": ["funding_gap_eur"]},
        {"near": "12047", "radius_km": 2.5, "sort": "distance"},
    ]
    if dims:
        posts.append({"q": "Computer", "vector": [0.01] * dims, "per_page": 5})
    for body in posts:
        c.check("search body", S, "POST", S, body=json.dumps(body).encode(), headers=J, expect={200})
    c.check("search, empty body", S, "POST", S, body=b"", headers=J, expect={200})
    c.check("search body, gzip-encoded", S, "POST", S,
            body=gzip.compress(json.dumps({"q": "kleiderkammer"}).encode()),
            headers={**J, "Content-Encoding": "gzip"}, expect={200})
    c.check("search body, not an object", S, "POST", S, body=b"[1, 2]", headers=J, expect={400})
    c.check("search body, not JSON", S, "POST", S, body=b"{\"q\": ", headers=J, expect={400})
    c.check("search body, bad type", S, "POST", S, body=b'{"q": {"a": 1}}', headers=J, expect={400},
            then=problem_names("q"))
    c.check("search body, bad value", S, "POST", S, body=b'{"per_page": 1000}', headers=J, expect={400},
            then=problem_names("per_page"))
    if dims:
        c.check("search body, vector dimension", S, "POST", S, body=b'{"vector": [1, 2]}', headers=J,
                expect={400}, then=problem_names("vector"))
    c.check("search body and URL parameters", S, "POST", f"{S}?q=x", body=b"{}", headers=J, expect={400},
            then=problem_names("q"))

    def same_fields(res, body):
        served = set(body.get("valid_values", []))
        if served != body_fields:
            return (f"body fields served but not described: {sorted(served - body_fields)}; "
                    f"described but not served: {sorted(body_fields - served)}")
        return None
    c.check("search body, unknown field", S, "POST", S, body=b'{"bogus_field": 1}', headers=J, expect={400},
            then=same_fields)
    c.check("search body, text/plain", S, "POST", S, body=b'{"q": "x"}', headers={"Content-Type": "text/plain"},
            expect={415})
    c.check("search body, no Content-Type", S, "POST", S, body=b'{"q": "x"}', expect={415})
    c.check("search body, br-encoded", S, "POST", S, body=b"\x00\x01",
            headers={**J, "Content-Encoding": "br"}, expect={415})
    c.check("search body, corrupt gzip", S, "POST", S, body=b"not gzip at all",
            headers={**J, "Content-Encoding": "gzip"}, expect={400})
    big = b'{"q": "' + b" " * (1 << 20) + b'"}'
    c.check("search body over 1 MiB", S, "POST", S, expect={413},
            raw=b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(big)}\r\n\r\n".encode() + big)
    chunks = b"".join(b"%x\r\n%s\r\n" % (65536, b" " * 65536) for _ in range(20)) + b"0\r\n\r\n"
    c.check("chunked search body over 1 MiB", S, "POST", S, expect={413},
            raw=b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
    c.check("gzip bomb search body", S, "POST", S, expect={413},
            body=gzip.compress(b'{"q": "' + b" " * (8 << 20) + b'"}'),
            headers={**J, "Content-Encoding": "gzip"})

    # ------------------------------------------------------------------ GET /v1/suggest
    G = "/v1/suggest"
    for params in ({"q": "kleiderk"}, {"q": "مترج"}, {"q": "deutschkurz sp", "limit": "3"},
                   {"q": "hilfe", "limit": "20", "status": ["active", "paused"]},
                   {"q": "laptop", "district": "Mitte", "need": "goods", "topic": "digital", "language": "de"},
                   {"q": "Kleiderkammer "}, {"q": "дол", "lang": "ru"}, {"q": "zzzzqqq"}):
        c.check("suggest", G, "GET", f"{G}?{q(params)}", expect={200})
    for params, name in (({}, "q"), ({"q": "   "}, "q"), ({"q": "a", "limit": "21"}, "limit"),
                         ({"q": "a", "limit": "0"}, "limit"), ({"q": "a", "lang": "xx"}, "lang"),
                         ({"q": "a", "district": "Gotham"}, "district"), ({"q": ["a", "b"]}, "q")):
        c.check("bad suggest", G, "GET", f"{G}?{q(params)}", expect={400}, then=problem_names(name))

    # ------------------------------------------------------------------ initiatives
    I, SIM = "/v1/initiatives/{id}", "/v1/initiatives/{id}/similar"
    for record in initiatives:
        rid = urllib.parse.quote(record["id"], safe="")
        c.check("initiative", I, "GET", f"/v1/initiatives/{rid}", expect={200},
                then=lambda res, body, rid=record["id"]: None if body.get("id") == rid else "another record")
        c.check("similar", SIM, "GET", f"/v1/initiatives/{rid}/similar?limit=5", expect={200})
    c.check("similar, default limit", SIM, "GET", "/v1/initiatives/refugees-on-rails/similar", expect={200})
    c.check("unknown initiative", I, "GET", "/v1/initiatives/no-such-initiative", expect={404})
    c.check("similar of unknown", SIM, "GET", "/v1/initiatives/no-such-initiative/similar", expect={404})
    for limit in ("0", "101", "x", ""):
        c.check("bad similar limit", SIM, "GET", f"/v1/initiatives/refugees-on-rails/similar?limit={limit}",
                expect={400}, then=problem_names("limit"))

    # ------------------------------------------------------------------ recommendations
    R = "/v1/recommendations"
    for company in companies:
        c.check(f"recommendations for {company.get('name', '?')}", R, "POST", R,
                body=json.dumps(company).encode(), headers=J, expect={200})
    c.check("recommendations, no place", R, "POST", R, body=b'{"name": "X", "limit": 3}', headers=J,
            expect={200}, then=lambda res, body: None if body.get("notices") else "no no_proximity notice")
    c.check("recommendations, postcode outside Berlin", R, "POST", R,
            body=b'{"name": "X", "postcode": "14467", "offers": [{"type": "money", "amount_eur": 500}]}',
            headers=J, expect={200})
    c.check("recommendations, weights", R, "POST", R,
            body=json.dumps({"name": "X", "district": "Mitte", "weights": {"proximity": 1, "need_match": 0},
                             "limit": 100}).encode(), headers=J, expect={200})
    if dims:
        c.check("recommendations, embedding", R, "POST", R,
                body=json.dumps({"name": "X", "embedding": [0.01] * dims, "limit": 5}).encode(), headers=J,
                expect={200})
        c.check("recommendations, embedding dimension", R, "POST", R,
                body=b'{"name": "X", "embedding": [1, 2]}', headers=J, expect={400},
                then=problem_names("embedding"))

    def lists_every_field(res, body):
        fields = {e["field"] for e in body.get("errors", [])}
        want = {"name", "offers[0].type", "offers[0].amount_eur", "foo"}
        return None if want <= fields else f"errors name {sorted(fields)}, expected at least {sorted(want)}"
    c.check("bad company profile", R, "POST", R,
            body=b'{"name": "", "offers": [{"type": "bogus", "amount_eur": "ca. 50"}], "foo": 1}', headers=J,
            expect={400}, then=lists_every_field)
    c.check("company profile, radius without place", R, "POST", R, body=b'{"name": "X", "radius_km": 3}',
            headers=J, expect={400}, then=problem_names("radius_km"))
    c.check("company profile, unknown Kiez", R, "POST", R, body='{"name": "X", "neighbourhood": "Atlantis"}'.encode(),
            headers=J, expect={400}, then=problem_names("neighbourhood"))
    c.check("company profile, not JSON", R, "POST", R, body=b"name=X", headers=J, expect={400})
    c.check("company profile, empty body", R, "POST", R, body=b"", headers=J, expect={400})
    c.check("company profile, form-encoded", R, "POST", R, body=b'{"name": "X"}',
            headers={"Content-Type": "application/x-www-form-urlencoded"}, expect={415})

    write_checks(c)

    # ------------------------------------------------------------------ every path: methods
    for path in spec.doc["paths"]:
        target = path.replace("{id}", "refugees-on-rails")
        methods = spec.path_methods(path)

        def allow_matches(res, body, methods=methods, path=path):
            allowed = {m.strip().upper() for m in res.header("Allow").split(",") if m.strip()} - {"HEAD", "OPTIONS"}
            if allowed != set(methods):
                return f"Allow: {res.header('Allow')!r} but {path} describes {methods}"
            return None
        for wrong in ("DELETE", "PUT", "PATCH"):
            if wrong not in methods:
                c.check(f"wrong method on {path}", path, wrong, target, body=b"{}", headers=J,
                        expect={405}, then=allow_matches)
        if "POST" not in methods:
            c.check(f"POST on {path}", path, "POST", target, body=b"{}", headers=J, expect={405},
                    then=allow_matches)

        res = c.server.request("OPTIONS", target)
        what = f"OPTIONS [{target}]"
        if res.status != 204 or res.body:
            c.fail(what, f"expected 204 without a body, got {res.status} {res.body[:200]!r}")
        else:
            problem = allow_matches(res, None)
            if problem:
                c.fail(what, problem)
        if "GET" in methods:
            head_target = target + ("?q=hilfe" if path == "/v1/suggest" else "")
            res = c.server.request("HEAD", head_target)
            if res.status != 200 or res.body:
                c.fail(f"HEAD [{head_target}]", f"expected 200 without a body like GET, got {res.status}")

    # ------------------------------------------------------------------ the connection layer
    c.check("unknown path", None, "GET", "/v2/nothing", expect={404})
    c.check("unknown path under /v1", None, "GET", "/v1/initiative", expect={404})
    c.check("request line over 8 KiB", S, "GET", f"{S}?q={'a' * 9000}", expect={414})
    many = {f"X-Pad-{i}": "a" * 20 for i in range(150)}
    c.check("150 header fields", "/healthz", "GET", "/healthz", headers=many, expect={431})
    c.check("header fields over 16 KiB", "/healthz", "GET", "/healthz",
            headers={f"X-Pad-{i}": "a" * 1000 for i in range(20)}, expect={431})
    c.check("header fields of 40 KiB", "/healthz", "GET", "/healthz",
            headers={f"X-Pad-{i}": "a" * 1000 for i in range(40)}, expect={431})
    c.check("one header field of 30 KiB", "/healthz", "GET", "/healthz", headers={"X-Big": "a" * 30000},
            expect={431})
    c.check("no CORS unless configured", "/healthz", "GET", "/healthz", headers={"Origin": CORS_ORIGIN},
            expect={200}, then=lambda res, body: None if not any(
                h.startswith("access-control-") for h in res.headers) else f"CORS headers: {res.headers}")
    c.check("Content-Length: abc", S, "POST", S, expect={400},
            raw=b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: abc\r\n\r\n{}")
    c.check("two Content-Lengths", S, "POST", S, expect={400},
            raw=b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ")
    c.check("Content-Length with Transfer-Encoding", S, "POST", S, expect={400},
            raw=b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
    c.check("Range ignored", S, "GET", f"{S}?q=hilfe", headers={"Range": "bytes=0-10,20-30"}, expect={200})


def write_checks(c):
    """PUT, PATCH and DELETE of /v1/initiatives/{id}, after every read of the sample (they
    change it): each status the document describes that a request can reliably cause."""
    I = "/v1/initiatives/{id}"
    W = {"Authorization": f"Bearer {WRITE_KEY}", "Content-Type": "application/json"}
    MP = {**W, "Content-Type": "application/merge-patch+json"}
    record = {"title": "Testinitiative OpenAPI", "language": "de", "postcode": "10115",
              "needs": [{"type": "goods", "description": "Laptops", "quantity": 3}]}
    target = "/v1/initiatives/openapi-test-record"
    body = json.dumps(record).encode()
    c.check("put, no key", I, "PUT", target, body=body, headers={"Content-Type": "application/json"},
            expect={401})
    c.check("put, read key", I, "PUT", target, body=body,
            headers={"Authorization": f"Bearer {READ_KEY}", "Content-Type": "application/json"},
            expect={403})
    c.check("put, new", I, "PUT", target + "?refresh=wait", body=body, headers=W, expect={201})
    replaced = c.check("put, replace", I, "PUT", target, body=body, headers=W, expect={200})
    c.check("put, invalid record", I, "PUT", target, body=b'{"title": "", "colour": "red"}', headers=W,
            expect={400})
    c.check("put, other id", I, "PUT", target, body=b'{"id": "another", "title": "X"}', headers=W,
            expect={400}, then=problem_names("id"))
    c.check("put, bad refresh", I, "PUT", target + "?refresh=later", body=body, headers=W, expect={400},
            then=problem_names("refresh"))
    c.check("put, text/plain", I, "PUT", target, body=body,
            headers={**W, "Content-Type": "text/plain"}, expect={415})
    c.check("put, stale If-Match", I, "PUT", target, body=body,
            headers={**W, "If-Match": '"00000000000000000000000000000000"'}, expect={412})
    # The replace's version: it stamps its own updated_at, so it differs from the first PUT's
    # when the two fall into different seconds (a loaded machine).
    etag = replaced.header("ETag") if replaced else '"x"'
    got = c.check("get, written", I, "GET", target, expect={200})
    if got and replaced and got.header("ETag") != etag:
        c.fail("get, written", f"ETag {got.header('ETag')!r} is not the last PUT's {etag!r}")
    c.check("patch", I, "PATCH", target, body=b'{"status": "paused"}', headers=MP, expect={200})
    c.check("patch, removes title", I, "PATCH", target, body=b'{"title": null}', headers=MP,
            expect={400})
    c.check("patch, as application/json", I, "PATCH", target, body=b'{"status": "active"}', headers=W,
            expect={415})
    c.check("patch, unknown", I, "PATCH", "/v1/initiatives/no-such-initiative", body=b"{}", headers=MP,
            expect={404})
    c.check("delete, weak If-Match", I, "DELETE", target, headers={**W, "If-Match": "W/" + etag},
            expect={412})
    c.check("delete", I, "DELETE", target, headers=W, expect={204})
    c.check("delete, again", I, "DELETE", target, headers=W, expect={404})

    B = "/v1/initiatives/bulk"
    ND = {**W, "Content-Type": "application/x-ndjson"}
    lines = [{"upsert": {**record, "id": "openapi-bulk-a"}}, {"upsert": {"id": "openapi-bulk-b", "title": ""}},
             {"delete": "openapi-bulk-a"}, {"delete": "openapi-bulk-a"}]
    bulk = "\n".join(json.dumps(line) for line in lines).encode() + b"\nnot json\n"

    def every_line(res, body):
        results = [item["result"] for item in body["items"]]
        want = ["added", "rejected", "deleted", "not_found", "rejected"]
        return None if results == want else f"results {results}, expected {want}"
    c.check("bulk", B, "POST", B, body=bulk, headers=ND, expect={200}, then=every_line)
    c.check("bulk, no key", B, "POST", B, body=bulk, headers={"Content-Type": "application/x-ndjson"},
            expect={401})
    c.check("bulk, read key", B, "POST", B, body=bulk,
            headers={"Authorization": f"Bearer {READ_KEY}", "Content-Type": "application/x-ndjson"},
            expect={403})
    c.check("bulk, JSON", B, "POST", B, body=b"{}", headers=W, expect={415})
    c.check("bulk, too many lines", B, "POST", B, body=b'{"delete": "x"}\n' * 10001, headers=ND,
            expect={400})

    # Last: a rebuild replaces the collection (with the sample again, so that it stays whole).
    R = "/v1/initiatives"
    sample = (pathlib.Path(__file__).resolve().parents[2] / "data/sample/initiatives.jsonl").read_bytes()
    c.check("rebuild, no key", R, "PUT", R, body=sample, headers={"Content-Type": "application/x-ndjson"},
            expect={401})
    c.check("rebuild, read key", R, "PUT", R, body=sample,
            headers={"Authorization": f"Bearer {READ_KEY}", "Content-Type": "application/x-ndjson"},
            expect={403})
    c.check("rebuild, JSON", R, "PUT", R, body=b"{}", headers=W, expect={415})
    c.check("GET of the collection", R, "GET", R, expect={405})
    def names_title(res, body):
        fields = [e.get("field") for e in body.get("errors", [])]
        return None if fields == ["title"] else f"errors name {fields}, expected ['title']"
    c.check("rebuild, no record", R, "PUT", R, body=b"\n{\"id\": \"x\"}\n", headers=ND, expect={400},
            then=names_title)
    c.check("rebuild", R, "PUT", R, body=sample, headers=ND, expect={200})


if __name__ == "__main__":
    sys.exit(main())
