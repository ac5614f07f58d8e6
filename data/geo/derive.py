#!/usr/bin/env python3
"""Derive hilfsnetz's Berlin geography tables (data/geo/*.tsv) from the raw open data.

Usage:
    python3 data/geo/derive.py [--raw DIR] [--out DIR]

Defaults: --raw ../shared/data/raw/berlin_geo (relative to the repository root, i.e.
/work/shared/data/raw/berlin_geo), --out the directory of this script. Standard library only;
deterministic (same input -> byte-identical output), so it is safe to re-run.

Inputs (see ../shared/data/raw/SOURCES.md and data/README.md for provenance and licences):
    bezirke_centroids.csv       12 Bezirke with area-weighted centroids
    ortsteile_centroids.csv     96 Ortsteile with key, Bezirk and centroid
    plz_to_ortsteil.csv         postcode -> Ortsteil with area_share and postcode centroid
    lor_ortsteile.geojson       Ortsteil polygons (RBS Ortsteile, WGS84)
    bezirksgrenzen.geojson      Bezirk polygons (ALKIS Bezirke, WGS84)
    LOR_Planungsraeume_2019.csv LOR planning areas (';'-separated): Kiez-level names

Outputs (tab-separated, UTF-8, one header line starting with '#'):
    districts.tsv          key  name  lat  lon  neighbours (comma-separated canonical names)
    ortsteile.tsv          key  name  district  lat  lon
    postcodes.tsv          plz  ortsteil  district  lat  lon
    ortsteil_outlines.tsv  key  ring  ring ...   (each ring "lon lat,lon lat,...", closed)
    kieze.tsv              name  district

Derivation rules:
  * Neighbours: two Bezirke are neighbours when some vertex of one boundary lies within
    NEIGHBOUR_M metres of a vertex of the other (shared boundary points, or nearly so).
  * Postcodes: the Ortsteil with the largest area_share (ties: the first listed).
  * Outlines: every ring of every polygon (outer rings and holes, all parts of a
    MultiPolygon) is simplified with Douglas-Peucker at SIMPLIFY_M metres in a local
    equirectangular projection; rings that collapse below 3 distinct points are dropped.
    Consumers test containment with the even-odd rule over all rings of an Ortsteil, which
    handles holes and multiple parts without storing which ring is which.
  * Kieze: every LOR Planungsraum name and Bezirksregion name, with its Bezirk taken from the
    first 2 digits of the LOR key. Names found in more than one Bezirk, and names equal to an
    Ortsteil name, are skipped (compared by a Python copy of core/loose_key.cc's LooseKey).
"""

import argparse
import csv
import json
import math
import os
import sys
import unicodedata

NEIGHBOUR_M = 50.0
SIMPLIFY_M = 20.0
COORD_DIGITS = 5  # ~1 m; far below the simplification tolerance
M_PER_DEG_LAT = 111_320.0
REF_LAT = 52.5  # Berlin; used by the local projection


def loose_key(name):
    """Mirror of hilfsnetz::LooseKey (core/loose_key.cc)."""
    folded = unicodedata.normalize("NFKC", name)
    folded = unicodedata.normalize("NFKC", folded.casefold())
    decomposed = unicodedata.normalize("NFD", folded)
    kept = [c for c in decomposed if unicodedata.combining(c) == 0
            and unicodedata.category(c) != "Mn" and c.isalnum()]
    out = []
    for c in kept:
        if c == "e" and out and out[-1] in "aou":
            continue
        out.append(c)
    return "".join(out)


def to_xy(lon, lat):
    """Local equirectangular projection in metres around Berlin."""
    return (lon * M_PER_DEG_LAT * math.cos(math.radians(REF_LAT)), lat * M_PER_DEG_LAT)


def read_csv(path, delimiter=","):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def polygons_of(geometry):
    """List of polygons (each a list of rings) for a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError("unsupported geometry " + geometry["type"])


def fmt(x):
    return f"{x:.{COORD_DIGITS}f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- Douglas-Peucker


def _segment_distance(p, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def douglas_peucker(points, tolerance):
    """Indices kept from an open polyline (iterative, so deep rings cannot overflow)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_i = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > best:
                best, best_i = d, i
        if best > tolerance:
            keep[best_i] = True
            stack.append((first, best_i))
            stack.append((best_i, last))
    return [i for i, k in enumerate(keep) if k]


def simplify_ring(ring, tolerance):
    """Simplify a closed ring [(lon, lat), ...]; None when it collapses."""
    pts = [tuple(p[:2]) for p in ring]
    if pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3:
        return None
    xy = [to_xy(lon, lat) for lon, lat in pts]
    # Split the ring at its first point and the point farthest from it, so that both halves
    # are open polylines with distinct ends.
    far = max(range(len(xy)), key=lambda i: math.hypot(xy[i][0] - xy[0][0], xy[i][1] - xy[0][1]))
    if far == 0:
        return None
    first_half = douglas_peucker(xy[: far + 1], tolerance)
    second = xy[far:] + [xy[0]]
    second_half = [far + i for i in douglas_peucker(second, tolerance)]
    idx = first_half + second_half[1:-1]
    if len(idx) < 3:
        return None
    out = [pts[i] for i in idx]
    return out + [out[0]]


# ---------------------------------------------------------------- tables


def derive_districts(raw):
    rows = read_csv(os.path.join(raw, "bezirke_centroids.csv"))
    with open(os.path.join(raw, "bezirksgrenzen.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    cell = NEIGHBOUR_M
    grids = {}  # name -> {(cx, cy): [(x, y), ...]}
    for feat in features:
        name = feat["properties"]["Gemeinde_name"]
        grid = grids.setdefault(name, {})
        for poly in polygons_of(feat["geometry"]):
            for ring in poly:
                for lon, lat in (p[:2] for p in ring):
                    x, y = to_xy(lon, lat)
                    grid.setdefault((int(x // cell), int(y // cell)), []).append((x, y))

    def touches(a, b):
        ga, gb = grids[a], grids[b]
        for (cx, cy), pts in ga.items():
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for q in gb.get((cx + dx, cy + dy), ()):
                        for p in pts:
                            if math.hypot(p[0] - q[0], p[1] - q[1]) <= NEIGHBOUR_M:
                                return True
        return False

    names = [r["bezirk"] for r in rows]
    missing = set(names) - set(grids)
    if missing:
        sys.exit(f"no boundary for Bezirke {sorted(missing)}")
    out = []
    for r in rows:
        name = r["bezirk"]
        neighbours = [n for n in names if n != name and touches(name, n)]
        key = f"{int(r['bezirk_schluessel']):02d}"
        out.append([key, name, r["centroid_lat"], r["centroid_lon"], ",".join(neighbours)])
    return out


def derive_ortsteile(raw):
    rows = read_csv(os.path.join(raw, "ortsteile_centroids.csv"))
    return [[r["ortsteil_key"], r["ortsteil"], r["bezirk"], r["centroid_lat"], r["centroid_lon"]]
            for r in rows]


def derive_postcodes(raw):
    best = {}
    for r in read_csv(os.path.join(raw, "plz_to_ortsteil.csv")):
        share = float(r["area_share"])
        if r["plz"] not in best or share > best[r["plz"]][0]:
            best[r["plz"]] = (share, r)
    return [[plz, r["ortsteil"], r["bezirk"], r["plz_centroid_lat"], r["plz_centroid_lon"]]
            for plz, (_, r) in sorted(best.items())]


def derive_outlines(raw):
    with open(os.path.join(raw, "lor_ortsteile.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    out = []
    for feat in sorted(features, key=lambda ft: ft["properties"]["spatial_name"]):
        rings = []
        for poly in polygons_of(feat["geometry"]):
            for ring in poly:
                simple = simplify_ring(ring, SIMPLIFY_M)
                if simple:
                    rings.append(",".join(f"{fmt(lon)} {fmt(lat)}" for lon, lat in simple))
        out.append([feat["properties"]["spatial_name"]] + rings)
    return out


def derive_kieze(raw, districts, ortsteile):
    by_number = {int(d[0]): d[1] for d in districts}
    ortsteil_keys = {loose_key(o[1]) for o in ortsteile}
    seen = {}  # loose key -> (first spelling, set of districts)
    for r in read_csv(os.path.join(raw, "LOR_Planungsraeume_2019.csv"), delimiter=";"):
        district = by_number[int(r["Schlüssel"][:2])]
        for name in (r["Planungsraum"].strip(), r["Bezirksregion"].strip()):
            key = loose_key(name)
            if not key or key in ortsteil_keys:
                continue
            spelling, where = seen.setdefault(key, (name, set()))
            where.add(district)
    rows = [[spelling, next(iter(where))] for spelling, where in seen.values() if len(where) == 1]
    return sorted(rows, key=lambda r: loose_key(r[0]))


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + "\t".join(header) + "\n")
        for row in rows:
            for field in row:
                if "\t" in field or "\n" in field:
                    sys.exit(f"field with a tab or newline in {path}: {field!r}")
            f.write("\t".join(row) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_raw = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "data", "raw",
                                                "berlin_geo"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", default=default_raw)
    parser.add_argument("--out", default=here)
    args = parser.parse_args()

    districts = derive_districts(args.raw)
    ortsteile = derive_ortsteile(args.raw)
    postcodes = derive_postcodes(args.raw)
    outlines = derive_outlines(args.raw)
    kieze = derive_kieze(args.raw, districts, ortsteile)

    write_tsv(os.path.join(args.out, "districts.tsv"),
              ["key", "name", "lat", "lon", "neighbours"], districts)
    write_tsv(os.path.join(args.out, "ortsteile.tsv"),
              ["key", "name", "district", "lat", "lon"], ortsteile)
    write_tsv(os.path.join(args.out, "postcodes.tsv"),
              ["plz", "ortsteil", "district", "lat", "lon"], postcodes)
    write_tsv(os.path.join(args.out, "ortsteil_outlines.tsv"),
              ["key", "rings (lon lat,lon lat,...; even-odd rule)"], outlines)
    write_tsv(os.path.join(args.out, "kieze.tsv"), ["name", "district"], kieze)
    print(f"districts {len(districts)}, ortsteile {len(ortsteile)}, postcodes {len(postcodes)}, "
          f"outlines {len(outlines)}, kieze {len(kieze)}", file=sys.stderr)


if __name__ == "__main__":
    main()
