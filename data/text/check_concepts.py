#!/usr/bin/env python3
"""Checks the concept lexicon (data/text/concepts/*.txt) against its format.

Usage: python3 data/text/check_concepts.py [data/text/concepts]

Prints one line per problem as FILE:LINE: error|warning: message, then a summary. Exit 1
when there is an error. The format is described in data/text/concepts/README.md; the C++
loader (text/concept_lexicon.cc) enforces the same rules at start-up.
"""
import os
import re
import sys
import unicodedata

LANGS = ["de", "en", "ar", "uk", "ru", "tr", "fa"]
KINDS = {"service", "goods", "activity", "group", "topic", "place", "institution",
         "document", "money", "role", "general"}
NEEDS = {"money", "goods", "volunteers", "expertise", "space", "jobs"}
SOURCES = re.compile(r"^(project|synonyms\.txt|openthesaurus|freedict-[a-z]{3}-[a-z]{3})$")
ID = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = {"parent", "kind", "need", "source", "note"} | set(LANGS)
MAX_WORDS = 4
# Stop words that carry an entry's meaning ("ohne Deutschkenntnisse"): the analyser drops
# stop words, so such an entry would mean the opposite. Same list as text/concept_lexicon.cc.
NEGATIONS = {
    "de": {"ohne", "kein", "keine", "keinen", "keinem", "keiner", "nicht", "nichts", "wenig", "wenige", "weniger"},
    "en": {"no", "not", "nor", "without", "few", "little", "don't"},
    "ar": {"لا", "لم", "لن", "بدون", "بلا", "غير"},
    "uk": {"без", "не", "ні"}, "ru": {"без", "не", "ни", "нет"},
    "tr": {"değil", "yok"}, "fa": {"بدون", "بی", "نه", "نمی"},
}

UK_ONLY = set("іїєґ")
RU_ONLY = set("ыэъё")
FA_LETTERS = set("پچژگیک")
AR_ONLY = set("يكة")


def script_of(ch):
    name = unicodedata.name(ch, "")
    for s in ("LATIN", "ARABIC", "CYRILLIC"):
        if name.startswith(s):
            return s
    return None


def scripts(text):
    return {s for s in (script_of(c) for c in text) if s}


EXPECTED_SCRIPT = {"de": "LATIN", "en": "LATIN", "tr": "LATIN", "ar": "ARABIC", "fa": "ARABIC",
                   "uk": "CYRILLIC", "ru": "CYRILLIC"}


def load_stopwords(root):
    """The analyser's stop words (data/text/stopwords-<lang>.txt), lower-cased."""
    out = {}
    text_dir = os.path.dirname(os.path.abspath(root.rstrip("/")))
    for lang in LANGS:
        path = os.path.join(text_dir, f"stopwords-{lang}.txt")
        words = set()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if line and not line.startswith("#"):
                        words.add(line.lower())
        out[lang] = words
    return out


class Checker:
    def __init__(self):
        self.errors = 0
        self.warnings = 0
        self.concepts = {}  # id -> (file, line, fields)
        self.entry_owners = {}  # (lang, key) -> [ids]

    def error(self, where, msg):
        self.errors += 1
        print(f"{where}: error: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"{where}: warning: {msg}")

    def parse_file(self, path):
        block = None
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                where = f"{path}:{n}"
                if not line or line.startswith("#"):
                    continue
                if line.startswith("["):
                    if not line.endswith("]"):
                        self.error(where, f"concept header must be [id]: {line!r}")
                        block = None
                        continue
                    cid = line[1:-1].strip()
                    if not ID.match(cid):
                        self.error(where, f"id {cid!r}: lower-case ASCII letters, digits and _ only")
                    if cid in self.concepts:
                        other = self.concepts[cid]
                        self.error(where, f"id {cid!r} already defined at {other[0]}:{other[1]}")
                    block = {"_where": where, "_path": path}
                    self.concepts[cid] = (path, n, block)
                    continue
                if block is None:
                    self.error(where, "line outside a concept block")
                    continue
                key, sep, value = line.partition(":")
                key = key.strip()
                if not sep or key not in FIELDS:
                    self.error(where, f"unknown field {key!r} (expected one of {sorted(FIELDS)})")
                    continue
                if key in block:
                    self.error(where, f"field {key!r} given twice")
                    continue
                block[key] = (value.strip(), where)

    def check_concept(self, cid, path, block):
        where = block["_where"]
        for lang in LANGS:
            if lang not in block:
                self.error(where, f"[{cid}] has no {lang}: line")
        if "kind" not in block:
            self.error(where, f"[{cid}] has no kind:")
        elif block["kind"][0] not in KINDS:
            self.error(block["kind"][1], f"kind {block['kind'][0]!r}; valid: {sorted(KINDS)}")
        if "source" not in block:
            self.error(where, f"[{cid}] has no source:")
        else:
            for s in block["source"][0].split(","):
                if not SOURCES.match(s.strip()):
                    self.error(block["source"][1], f"source {s.strip()!r} is not project, "
                               "synonyms.txt, openthesaurus or freedict-xxx-yyy")
        if "need" in block:
            for s in block["need"][0].split(","):
                if s.strip() not in NEEDS:
                    self.error(block["need"][1], f"need {s.strip()!r}; valid: {sorted(NEEDS)}")
        if "parent" in block:
            parent = block["parent"][0]
            if parent not in self.concepts:
                self.error(block["parent"][1], f"parent {parent!r} is not a concept")
        elif os.path.basename(path) != "core.txt":
            self.error(where, f"[{cid}] has no parent: (only the roots in core.txt have none)")
        for lang in LANGS:
            if lang not in block:
                continue
            value, lwhere = block[lang]
            seen = set()
            entries = [e.strip() for e in value.split(";")]
            if not any(entries):
                self.error(lwhere, f"[{cid}] {lang}: no entries")
            for e in entries:
                if not e:
                    self.error(lwhere, f"[{cid}] {lang}: empty entry (two ';' in a row or a trailing ';')")
                    continue
                word = e[1:] if e.startswith(("=", "!")) else e
                words = word.split()
                if e.startswith("=") and len(words) != 1:
                    self.error(lwhere, f"[{cid}] {lang}: '=' marks a single word only: {e!r}")
                if len(words) > MAX_WORDS:
                    self.error(lwhere, f"[{cid}] {lang}: entry of more than {MAX_WORDS} words: {e!r}")
                found = scripts(word)
                expected = EXPECTED_SCRIPT[lang]
                if found and found != {expected} and not (lang in ("uk", "ru") and found <= {"CYRILLIC", "LATIN"}):
                    self.error(lwhere, f"[{cid}] {lang}: {e!r} is not in {expected.lower()} script")
                low = word.lower()
                if lang == "uk" and set(low) & RU_ONLY:
                    self.error(lwhere, f"[{cid}] uk: {e!r} has Russian letters (ы э ъ ё)")
                if lang == "ru" and set(low) & UK_ONLY:
                    self.error(lwhere, f"[{cid}] ru: {e!r} has Ukrainian letters (і ї є ґ)")
                if lang == "ar" and set(word) & set("یک"):
                    self.error(lwhere, f"[{cid}] ar: {e!r} has Persian ی/ک; Arabic writes ي/ك")
                if lang == "fa" and set(word) & set("يك"):
                    self.error(lwhere, f"[{cid}] fa: {e!r} has Arabic ي/ك; Persian writes ی/ک")
                tokens = re.findall(r"[\w'’]+", low)
                neg = [t for t in tokens if t in NEGATIONS[lang] and t in self.stopwords.get(lang, set())]
                if neg and len(tokens) > 1:
                    self.error(lwhere, f"[{cid}] {lang}: {e!r} rests on {neg[0]!r}, a stop word the analyser drops")
                if tokens and all(t in self.stopwords.get(lang, set()) for t in tokens):
                    self.error(lwhere, f"[{cid}] {lang}: {e!r} has only stop words; the analyser drops them")
                key = " ".join(low.split())
                if key in seen:
                    self.error(lwhere, f"[{cid}] {lang}: {e!r} listed twice")
                seen.add(key)
                self.entry_owners.setdefault((lang, key), []).append(cid)

    def check_cycles(self):
        for cid in self.concepts:
            path = [cid]
            cur = cid
            while True:
                block = self.concepts[cur][2]
                if "parent" not in block:
                    break
                cur = block["parent"][0]
                if cur not in self.concepts:
                    break
                if cur in path:
                    self.error(self.concepts[cid][2]["_where"], f"[{cid}] parent cycle: {' -> '.join(path + [cur])}")
                    break
                path.append(cur)

    def check_shared(self):
        for (lang, key), owners in sorted(self.entry_owners.items()):
            if len(owners) < 2:
                continue
            noted = [o for o in owners if "note" in self.concepts[o][2]]
            if len(noted) < len(owners) - 1:
                first = self.concepts[owners[0]][2]["_where"]
                self.warn(first, f"{lang} {key!r} belongs to {', '.join(owners)} (say why in note:)")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "concepts")
    files = sorted(os.path.join(root, f) for f in os.listdir(root) if f.endswith(".txt"))
    c = Checker()
    c.stopwords = load_stopwords(root)
    for path in files:
        c.parse_file(path)
    for cid, (path, _, block) in c.concepts.items():
        c.check_concept(cid, path, block)
    c.check_cycles()
    c.check_shared()
    per_lang = {lang: 0 for lang in LANGS}
    for (lang, _), owners in c.entry_owners.items():
        per_lang[lang] += len(owners)
    print(f"{len(c.concepts)} concepts in {len(files)} files; entries: " +
          ", ".join(f"{lang} {per_lang[lang]}" for lang in LANGS) +
          f"; {c.errors} errors, {c.warnings} warnings")
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
