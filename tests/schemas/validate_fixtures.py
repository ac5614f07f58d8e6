#!/usr/bin/env python3
"""Validate JSONL fixtures against a JSON Schema (schemas/initiative.schema.json,
schemas/company.schema.json).

The Python side of the schema agreement tests (tests/schemas/CMakeLists.txt): the C++ codec
(schemas_test) and this JSON Schema validator must both accept every line of
initiatives_good.jsonl and reject every line of initiatives_bad.jsonl at exactly the field
named in initiatives_bad.fields; likewise for companies_*.jsonl and companies_bad.fields.
Both agree with the labels, hence with each other.

Usage:
    validate_fixtures.py SCHEMA FILE.jsonl...         print "<file>:<line>\tvalid" or
                                                      "<file>:<line>\tinvalid\t<field>,<field>"
    validate_fixtures.py --check SCHEMA GOOD BAD FIELDS
                                                      exit 1 unless every label holds

Uses python3-jsonschema's Draft202012Validator with format checking on. Field paths are
written the way the C++ codecs name them: "needs[1].type", "location.lon" for a missing
required property, "foo" for an unknown property.
Known divergence not covered by fixtures: Python's re treats "$" as matching before a final
newline, so "abc\\n" passes "^...$" patterns here but not in ECMA-262 or in the C++ codec.
"""

import json
import sys

from jsonschema import Draft202012Validator


def field_path(parts):
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def error_fields(error):
    """The field(s) an error is about, named like the C++ codec names them."""
    base = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [p for p in error.validator_value if p not in error.instance]
        return [field_path(base + [m]) for m in missing]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        return [field_path(base + [k]) for k in sorted(error.instance) if k not in known]
    if error.validator == "uniqueItems" and isinstance(error.instance, list):
        seen = []
        for i, item in enumerate(error.instance):
            if item in seen:
                return [field_path(base + [i])]
            seen.append(item)
    return [field_path(base)]


def make_validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def verdicts(validator, path):
    """Yields (line number, distinct error fields) for each non-empty line of a JSONL file."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                yield number, [f"<invalid JSON: {e}>"]
                continue
            fields = []  # distinct, in order: "format" and "pattern" may both flag one field
            for error in validator.iter_errors(record):
                fields.extend(f for f in error_fields(error) if f not in fields)
            yield number, fields


def read_expected(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t")[0] for line in f
                if line.strip() and not line.startswith("#")]


def check(schema, good, bad, fields_file):
    validator = make_validator(schema)
    failures = 0
    good_count = 0
    for number, fields in verdicts(validator, good):
        good_count += 1
        if fields:
            print(f"FAIL {good}:{number}: expected valid, got errors at {fields}")
            failures += 1
    expected = read_expected(fields_file)
    bad_results = list(verdicts(validator, bad))
    if len(expected) != len(bad_results):
        print(f"FAIL {fields_file} has {len(expected)} labels for {len(bad_results)} records")
        return 1
    for (number, fields), want in zip(bad_results, expected):
        if fields != [want]:
            print(f"FAIL {bad}:{number}: expected errors at exactly {want!r}, got {fields}")
            failures += 1
    print(f"{good_count} good and {len(bad_results)} bad records checked, {failures} failures")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 6 and argv[1] == "--check":
        return check(*argv[2:])
    if len(argv) >= 3 and not argv[1].startswith("-"):
        validator = make_validator(argv[1])
        for path in argv[2:]:
            for number, fields in verdicts(validator, path):
                print(f"{path}:{number}\t" + ("invalid\t" + ",".join(fields) if fields else "valid"))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
