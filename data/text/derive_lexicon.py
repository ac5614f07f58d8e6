#!/usr/bin/env python3
"""Derives the German decompounding tables shipped in data/text/.

Usage (from the repository root; the raw data lives in the shared data directory):
  python3 data/text/derive_lexicon.py /work/shared/data/raw

Writes:
  data/text/lexicon-de.txt    words a compound may be split into (lowercase, one per line)
  data/text/stem-keep-s-de.txt  nouns whose final "s" belongs to the stem ("kurs", "zins",
                              "puls"), which german2 would strip ("kurs" -> "kur" but
                              "kurse" -> "kurs"); see text/stemmer.h
  data/text/protected-de.txt  words that are never split: Berlin districts and Ortsteile
                              (from berlin_geo/*_centroids.csv) plus the hand list
                              protected-extra-de.txt (organisation and lexicalised words)

lexicon-de.txt is the union of
  * OpenThesaurus (LGPL-2.1+): single-word entries without qualifier (entries marked
    "(ugs.)", "(derb)", "(veraltet)", "(fachspr.)", ... are colloquial, rare or technical
    and produced junk parts such as "assi+stenz"), letters only, lowercased. Acronyms (an upper-case letter after the first) are dropped. Nouns
    (capitalised entries) need >= 4 letters, other words >= 5 letters; 3-letter nouns only
    from SHORT_NOUNS. Infinitives ("wohnen", "lernen") also contribute their verb stem
    ("wohn", "lern") because German compounds use it as a head ("Wohnraum", "Lernhilfe").
  * lexicon-extra-de.txt: domain words written by the project.
  * the German single-word entries of the concept lexicon (concepts/*.txt, "de:" lines, a
    leading "=" dropped; nouns >= 4 letters as above) that are no compound of words already
    in it: a word the concept lexicon names is a possible compound part ("Maurerarbeiten" =
    maurer + arbeiten, not maur + erarbeiten). Compounds stay out, or "Kinderkleiderkammer"
    would split as kinderkleider + kammer (the longest first part wins a tie).
minus the German stop words and DROP (short or suffix-like entries that caused bad splits
on real project texts, e.g. "schaft" in "Nachbarschaft", "ober", "unter").
Rerun after editing any input and review the diff of the outputs.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# 3-letter nouns that are common compound parts (Amtsgericht, Busfahrer, Hofladen, ...).
SHORT_NOUNS = set("""amt arm art bad bau bus eis fuß hof hut job rad see tag tal tee tür weg zoo
ohr öko bär ehe gas kuh tor zug""".split())

# Entries that produce wrong splits: derivational suffixes that are also nouns, prefixes and
# particles, and short words that match inside unrelated compounds.
DROP = set("""schaft schafts heit keit ling linge tum nis sal sel chen lein ung ungen
rung tung lung nung ation artig isch lich liche lichen erei ster tion tionen ismus
inter trans logie nativ scher deut wupp innen
""".split())

LETTERS = re.compile(r"^[^\W\d_]+$")


def read_stopwords():
    words = set()
    with open(os.path.join(HERE, "stopwords-de.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line)
    return words


def read_hand_list(name):
    out = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip().lower()
            if line:
                out.append(line)
    return out


def verb_stem(word):
    for suffix in ("eln", "ern"):
        if word.endswith(suffix):
            return word[:-1]
    if word.endswith("en"):
        return word[:-2]
    return None


# Plurals, English words and 4-letter words that end too many unrelated words ("servers").
KEEP_S_EXCLUDE = set("""jungs leuts charts peanuts leggings leggins proceedings millennials
uppers spareribs holzpellets strohpellets verschlüsselungsstandards wallachians
mescalbuttons shakehands nichts vers mars sims pils bums wams koks hüts imbs plins kärms
sachs""".split())


def keep_s_nouns(path):
    """Nouns ending in a final "s" that german2 strips (after b d f g h k l m n r t) and that
    are no plural of another noun of the thesaurus."""
    nouns = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            for entry in line.rstrip("\n").split(";"):
                entry = re.sub(r"\([^)]*\)", "", entry).strip()
                if (LETTERS.match(entry) and entry[0].isupper()
                        and not any(c.isupper() for c in entry[1:])):
                    nouns.add(entry.lower())
    return {w for w in nouns
            if len(w) >= 4 and w.endswith("s") and w[-2] in "bdfghklmnrt"
            and w[:-1] not in nouns and w not in KEEP_S_EXCLUDE}


def thesaurus_words(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            for entry in line.rstrip("\n").split(";"):
                entry = entry.strip()
                if not LETTERS.match(entry) or any(c.isupper() for c in entry[1:]):
                    continue
                noun = entry[0].isupper()
                word = entry.lower()
                if noun:
                    if len(word) >= 4 or word in SHORT_NOUNS:
                        words.add(word)
                    continue
                if len(word) >= 5:
                    words.add(word)
                stem = verb_stem(word) if len(word) >= 6 else None
                if stem and len(stem) >= 4:
                    words.add(stem)
    return words


def concept_words():
    words = set()
    folder = os.path.join(HERE, "concepts")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("de:"):
                    continue
                for entry in line[3:].split(";"):
                    entry = entry.strip().lstrip("=")
                    if not LETTERS.match(entry) or any(c.isupper() for c in entry[1:]):
                        continue
                    word = entry.lower()
                    if len(word) >= 4 or word in SHORT_NOUNS:
                        words.add(word)
    return words


FUGEN = ("", "s", "es", "n", "en", "er")
ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern")


def is_compound_of(word, lexicon):
    """Whether `word` is covered by two or more words of `lexicon` (with a linking element
    between them and an inflection at the end), roughly as text/decompounder.cc splits."""
    if len(word) < 8:
        return False
    for i in range(3, len(word) - 2):
        head = word[:i]
        if head not in lexicon and head + "e" not in lexicon:
            continue
        for fuge in FUGEN:
            if not word.startswith(fuge, i):
                continue
            rest = word[i + len(fuge):]
            if len(rest) < 3:
                continue
            if any(rest.endswith(e) and rest[:len(rest) - len(e)] in lexicon for e in ENDINGS):
                return True
            if is_compound_of(rest, lexicon):
                return True
    return False


def protected_names(raw):
    names = set()
    for name, column in (("ortsteile_centroids.csv", "ortsteil"),
                         ("bezirke_centroids.csv", "bezirk")):
        with open(os.path.join(raw, "berlin_geo", name), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for part in re.split(r"[-\s/]+", row[column]):
                    # Generic words inside names ("Prenzlauer Berg", "Alt-Treptow",
                    # "Märkisches Viertel") are not protected on their own.
                    if len(part) >= 5 and part.lower() not in ("viertel", "stadtrandsiedlung"):
                        names.add(part.lower())
    return names


def write(name, header, words):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(header)
        for w in sorted(words):
            f.write(w + "\n")


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/raw"
    stop = read_stopwords()
    lexicon = thesaurus_words(os.path.join(raw, "openthesaurus", "openthesaurus.txt"))
    lexicon = {w for w in lexicon if w not in stop and w not in DROP}
    lexicon.update(read_hand_list("lexicon-extra-de.txt"))
    lexicon.update(w for w in concept_words()
                   if w not in stop and w not in DROP and not is_compound_of(w, lexicon))
    write("lexicon-de.txt",
          "# Generated by derive_lexicon.py from OpenThesaurus (LGPL-2.1+), the concept\n"
          "# lexicon's German words and lexicon-extra-de.txt. Do not edit; edit the inputs and\n"
          "# rerun.\n", lexicon)
    write("stem-keep-s-de.txt",
          "# Generated by derive_lexicon.py from OpenThesaurus (LGPL-2.1+). Do not edit.\n",
          keep_s_nouns(os.path.join(raw, "openthesaurus", "openthesaurus.txt")))
    protected = protected_names(raw)
    protected.update(read_hand_list("protected-extra-de.txt"))
    write("protected-de.txt",
          "# Generated by derive_lexicon.py: Berlin Bezirke and Ortsteile (berlin_geo) plus\n"
          "# protected-extra-de.txt. Words never split by the decompounder.\n", protected)
    print(f"lexicon: {len(lexicon)} words, protected: {len(protected)} words")


if __name__ == "__main__":
    main()
