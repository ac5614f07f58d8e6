#!/usr/bin/env python3
"""api/openapi.json embeds copies of schemas/initiative.schema.json and
schemas/company.schema.json (so that the document served at GET /openapi.json stands alone);
this check fails when a copy drifts from its file, and when POST /v1/search's body fields
drift from GET /v1/search's parameters.

Both sides are compared with their references inlined ("#/$defs/need" in the file,
"#/components/schemas/InitiativeNeed" in the document) and without "$schema", "$id" and
"$defs", which only the standalone files carry.

Usage: check_embedded_schemas.py api/openapi.json schemas/initiative.schema.json=Initiative
                                 schemas/company.schema.json=CompanyProfile
"""

import json
import sys


def resolve(doc, ref):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def inline(node, doc):
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return inline(resolve(doc, node["$ref"]), doc)
        return {k: inline(v, doc) for k, v in node.items() if k not in ("$schema", "$id", "$defs")}
    if isinstance(node, list):
        return [inline(v, doc) for v in node]
    return node


def differences(a, b, path="#"):
    if type(a) is not type(b):
        return [f"{path}: {json.dumps(a)[:80]} vs {json.dumps(b)[:80]}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in the {'file' if k in a else 'document'}")
            else:
                out += differences(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}/{i}")]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    failures = []
    for pair in argv[2:]:
        path, name = pair.split("=")
        with open(path, encoding="utf-8") as f:
            standalone = json.load(f)
        file_side = inline(standalone, standalone)
        doc_side = inline(doc["components"]["schemas"][name], doc)
        for d in differences(file_side, doc_side):
            failures.append(f"{path} vs #/components/schemas/{name}: {d}")

    search = doc["paths"]["/v1/search"]
    params = set()
    for p in search["get"]["parameters"]:
        p = resolve(doc, p["$ref"]) if "$ref" in p else p
        params.add(p["name"])
    body = set(resolve(doc, "#/components/schemas/SearchBody")["properties"])
    if params != body:
        failures.append(f"POST /v1/search body fields {sorted(body - params)} are no GET parameters; "
                        f"GET parameters {sorted(params - body)} are no body fields")

    for f in failures:
        print("FAIL " + f)
    if not failures:
        print(f"ok: {', '.join(argv[2:])} embedded unchanged; SearchBody has the {len(params)} GET parameters")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
