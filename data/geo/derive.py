#!/usr/bin/env python3
"""Derive hilfsnetz's Berlin geography tables (data/geo/*.tsv) from the raw open data.

Usage:
    python3 data/geo/derive.py [--raw DIR] [--out DIR] [--aliases FILE]

Defaults: --raw ../shared/data/raw/berlin_geo (relative to the repository root, i.e.
/work/shared/data/raw/berlin_geo), --out the directory of this script, --aliases
kiez-aliases.tsv beside this script. Standard library only;
deterministic (same input -> byte-identical output), so it is safe to re-run.

Inputs (see ../shared/data/raw/SOURCES.md and data/README.md for provenance and licences):
    bezirke_centroids.csv       12 Bezirke with area-weighted centroids
    ortsteile_centroids.csv     96 Ortsteile with key, Bezirk and centroid
    plz_to_ortsteil.csv         postcode -> Ortsteil with area_share and postcode centroid
    lor_ortsteile.geojson       Ortsteil polygons (RBS Ortsteile, WGS84)
    bezirksgrenzen.geojson      Bezirk polygons (ALKIS Bezirke, WGS84; for the neighbours)
    plz.geojson                 postcode polygons (RBS Postleitzahlen, WGS84)
    LOR_Planungsraeume_2019.csv LOR planning areas (';'-separated): Kiez-level names, areas
    PLZ2PLR.csv                 per postcode the LOR planning areas that touch it
    kiez-aliases.tsv            (beside this script, --aliases) colloquial Kiez names -> LOR names

Outputs (tab-separated, UTF-8, one header line starting with '#'):
    districts.tsv          key  name  lat  lon  neighbours (comma-separated canonical names)
    ortsteile.tsv          key  name  district  lat  lon
    postcodes.tsv          plz  ortsteil  district  lat  lon
    ortsteil_outlines.tsv  key  ring  ring ...   (each ring "lon lat,lon lat,...", closed)
    bezirk_borders.tsv     bezirke  line   (bezirke: one name for Berlin's edge, two joined by
                           ',' for their border; line "lon lat,lon lat,...")
    kieze.tsv              name  district  ortsteil  lat  lon  kind
                           (kind: planungsraum, bezirksregion or alias)

Derivation rules:
  * Neighbours: two Bezirke are neighbours when some vertex of one boundary lies within
    NEIGHBOUR_M metres of a vertex of the other (shared boundary points, or nearly so).
  * Postcodes: the Ortsteil with the largest area_share (ties: the first listed).
  * Outlines: every ring of every polygon (outer rings and holes, all parts of a
    MultiPolygon) is simplified with Douglas-Peucker at SIMPLIFY_M metres in a local
    equirectangular projection; rings that collapse below 3 distinct points are dropped.
    Consumers test containment with the even-odd rule over all rings of an Ortsteil, which
    handles holes and multiple parts without storing which ring is which.
  * Bezirk borders: the Ortsteil polygons cut into lines where they border an Ortsteil of
    another Bezirk or Berlin's edge, each such line once (bezirk_borders.py; not from
    bezirksgrenzen.geojson, which is up to 185 m off the Ortsteile), each simplified like the
    outlines but with its ends fixed, so that lines meet where the Bezirke meet.
  * Kieze: every LOR Planungsraum name and Bezirksregion name, with its Bezirk taken from the
    first 2 digits of the LOR key. Names found in more than one Bezirk, and names equal to an
    Ortsteil name, are skipped (compared by a Python copy of core/loose_key.cc's LooseKey).
    A name that is both a Planungsraum and a Bezirksregion stands for the Planungsraum.
    Then every row of kiez-aliases.tsv (alias, target names separated by ';', note) is added
    with kind "alias"; an alias must not be an Ortsteil or LOR name, and its targets must be
    kept LOR names of one Bezirk.
  * Kiez locations. The raw data has no LOR polygons, only each Planungsraum's (PLR's) Bezirk,
    Bezirksregion, Prognoseraum and area, and the postcodes each PLR touches (PLZ2PLR.csv,
    which lists a postcode when the two polygons overlap or share a boundary: 86 of the 98
    postcodes bordering a Bezirk from outside are listed for it). On a KIEZ_CELL_M grid
    labelled with Bezirk, postcode and Ortsteil (cell centre in polygon):
      1. Candidate cells of a PLR: in its Bezirk and in a postcode it lists, and no cell within
         POSTCODE_CLEARANCE_CELLS belongs to a postcode it does not list (a PLR that reached
         such a postcode would touch it and be listed). Dropped when fewer cells remain than
         the PLR's area needs.
      2. Ortsteil hint: when the PLR's, its Bezirksregion's or its Prognoseraum's name is an
         Ortsteil name, optionally plus a compass word, or a list of such ("Prenzlauer Berg
         Südwest", "Gatow/Kladow", "Kreuzberg Ost"; not LOR_NAMES_NOT_ORTSTEILE), candidates
         must lie within ORTSTEIL_TOLERANCE_CELLS of one of those Ortsteile, unless that
         leaves fewer cells than half its area.
      3. Seed: rank the candidates by their largest distance to any listed postcode polygon
         (then the sum of those distances, then closeness to the candidates' centroid, then
         cell id), take as many of the best as the PLR's area allows, and use their centroid:
         a PLR touches all its postcodes, so it lies where they meet.
      4. Partition: the PLRs of each Bezirk grow from their seeds at the same time, one cell
         at a time from a shared priority queue ordered by distance to the seed divided by
         the PLR's equivalent radius, each only into its own candidate cells, until it holds
         its area (a PLR that is boxed in goes on at its nearest free candidate). Cells left
         over go to the nearest grown region. The LOR tiles each Bezirk exactly, so the
         competition keeps PLRs with similar postcode lists apart and fills each Bezirk.
      5. Location of a PLR: the centroid of its cells. A Bezirksregion, or an alias with
         several targets: the area-weighted mean of its PLRs. Ortsteil: the Ortsteil of the
         Kiez's Bezirk whose polygon contains the location, else the most frequent Ortsteil of
         the Bezirk among its cells.
    Checked against places of known position (data/README.md): median error about 260-360 m,
    worst about 650 m for inner-city Kieze; large PLRs of forest, lakes or fields can be off
    by 1-2 km. Repeating steps 4-5 with the centroids as seeds (Lloyd iteration) made the
    check worse, so the partition is run once. Runs in about 15 s; deterministic.
"""

import argparse
import csv
import heapq
import json
import math
import os
import re
import sys
import unicodedata

from bezirk_borders import border_lines

NEIGHBOUR_M = 50.0
SIMPLIFY_M = 20.0
COORD_DIGITS = 5  # ~1 m; far below the simplification tolerance
M_PER_DEG_LAT = 111_320.0
REF_LAT = 52.5  # Berlin; used by the local projection
KIEZ_CELL_M = 100.0  # grid for the Kiez location estimates
POSTCODE_CLEARANCE_CELLS = 1  # a PLR's cells keep this far from postcodes it does not list
ORTSTEIL_TOLERANCE_CELLS = 2  # how far a PLR may reach beyond the Ortsteile its names give
COMPASS_WORDS = {"nord", "süd", "ost", "west", "mitte", "zentrum", "nordwest", "nordost",
                 "südwest", "südost"}
# LOR units whose name is an Ortsteil name (plus a compass word) but which are named after a
# former (pre-2001) Bezirk or span several Ortsteile, so the name says nothing about the
# Ortsteil: e.g. "Zehlendorf Nord" holds Dahlem, the Prognoseraum "Tegel" holds parts of
# Reinickendorf and Wittenau.
LOR_NAMES_NOT_ORTSTEILE = {"Zehlendorf Nord", "Zehlendorf Südwest", "Lichtenberg Mitte",
                           "Lichtenberg Nord", "Lichtenberg Süd", "Reinickendorf Ost",
                           "Waidmannslust", "Tegel"}


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


def derive_bezirk_borders(raw):
    with open(os.path.join(raw, "lor_ortsteile.geojson"), encoding="utf-8") as f:
        features = sorted(json.load(f)["features"], key=lambda ft: ft["properties"]["spatial_name"])
    rings = [(feat["properties"]["spatial_name"], feat["properties"]["BEZIRK"],
              [tuple(p[:2]) for p in ring])
             for feat in features for poly in polygons_of(feat["geometry"]) for ring in poly]
    order = {}  # Bezirk -> its key, the first two digits of its Ortsteile's keys
    for key, bezirk, _ in rings:
        order.setdefault(bezirk, key[:2])
    out = []
    for names, line in border_lines(rings, order, to_xy, _segment_distance):
        if line[0] == line[-1]:
            simple = simplify_ring(line, SIMPLIFY_M)
        else:
            simple = [line[i] for i in douglas_peucker([to_xy(*p) for p in line], SIMPLIFY_M)]
        if simple:
            out.append([",".join(names), ",".join(f"{fmt(lon)} {fmt(lat)}" for lon, lat in simple)])
    return out


# ---------------------------------------------------------------- Kiez locations


class _Grid:
    """A square grid of KIEZ_CELL_M cells in the local projection; cell id = row * nx + col."""

    def __init__(self, ring_sets):
        xs = [x for rings in ring_sets for ring in rings for x, _ in ring]
        ys = [y for rings in ring_sets for ring in rings for _, y in ring]
        cell = self.cell = KIEZ_CELL_M
        # Two cells of margin on every side, so that neighbour look-ups never leave the grid.
        self.x0 = math.floor(min(xs) / cell) * cell - 2 * cell
        self.y0 = math.floor(min(ys) / cell) * cell - 2 * cell
        self.nx = int((max(xs) - self.x0) / cell) + 3
        self.ny = int((max(ys) - self.y0) / cell) + 3

    def centre(self, c):
        j, i = divmod(c, self.nx)
        return (self.x0 + (i + 0.5) * self.cell, self.y0 + (j + 0.5) * self.cell)

    def raster(self, rings):
        """Cells whose centre lies inside the rings (even-odd rule over all of them)."""
        crossings = {}
        cell, x0, y0 = self.cell, self.x0, self.y0
        for ring in rings:
            for (xa, ya), (xb, yb) in zip(ring, ring[1:]):
                if ya == yb:
                    continue
                lo, hi = min(ya, yb), max(ya, yb)
                rows = range(math.ceil((lo - y0) / cell - 0.5), math.ceil((hi - y0) / cell - 0.5))
                for j in rows:
                    t = (y0 + (j + 0.5) * cell - ya) / (yb - ya)
                    crossings.setdefault(j, []).append(xa + t * (xb - xa))
        out = []
        for j, xs in sorted(crossings.items()):
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                first = math.ceil((a - x0) / cell - 0.5)
                last = math.ceil((b - x0) / cell - 0.5)
                out.extend(range(j * self.nx + first, j * self.nx + last))
        return out

    def label(self, features):
        """Per cell the name of the feature (name -> rings) covering its centre, else None."""
        labels = [None] * (self.nx * self.ny)
        for name in sorted(features):
            for c in self.raster(features[name]):
                labels[c] = name
        return labels

    def neighbourhood(self, labels, radius):
        """Per cell the set of labels within `radius` cells (a disc); empty on the margin."""
        nx, ny = self.nx, self.ny
        offsets = [dj * nx + di for dj in range(-radius, radius + 1)
                   for di in range(-radius, radius + 1) if di * di + dj * dj <= radius * radius + 1]
        return [{labels[c + o] for o in offsets} - {None}
                if radius <= c % nx < nx - radius and radius <= c // nx < ny - radius else set()
                for c in range(nx * ny)]

    def distance_field(self, seeds, cells):
        """Approximate Euclidean distance in metres from each cell in the bounding box of
        `cells` and `seeds` to the nearest seed cell (two-pass nearest-seed propagation)."""
        nx = self.nx
        box = list(cells) + list(seeds)
        i0 = min(c % nx for c in box)
        i1 = max(c % nx for c in box) + 1
        j0 = min(c // nx for c in box)
        j1 = max(c // nx for c in box) + 1
        w, h = i1 - i0, j1 - j0
        near_i = [None] * (w * h)
        near_j = [None] * (w * h)
        for c in seeds:
            k = (c // nx - j0) * w + (c % nx - i0)
            near_i[k], near_j[k] = c % nx - i0, c // nx - j0

        def sweep(rows, cols, back_cols, neighbours, back):
            for jj in rows:
                for ii in cols:
                    k = jj * w + ii
                    best = None if near_i[k] is None else \
                        (near_i[k] - ii) ** 2 + (near_j[k] - jj) ** 2
                    for di, dj in neighbours:
                        a, b = ii + di, jj + dj
                        if 0 <= a < w and 0 <= b < h:
                            q = b * w + a
                            si = near_i[q]
                            if si is not None:
                                d = (si - ii) ** 2 + (near_j[q] - jj) ** 2
                                if best is None or d < best:
                                    best, near_i[k], near_j[k] = d, si, near_j[q]
                for ii in back_cols:
                    k, q = jj * w + ii, jj * w + ii + back
                    si = near_i[q]
                    if si is not None:
                        d = (si - ii) ** 2 + (near_j[q] - jj) ** 2
                        if near_i[k] is None or d < (near_i[k] - ii) ** 2 + (near_j[k] - jj) ** 2:
                            near_i[k], near_j[k] = si, near_j[q]

        sweep(range(h), range(w), range(w - 2, -1, -1), ((-1, 0), (-1, -1), (0, -1), (1, -1)), 1)
        sweep(range(h - 1, -1, -1), range(w - 1, -1, -1), range(1, w),
              ((1, 0), (1, 1), (0, 1), (-1, 1)), -1)
        out = {}
        for c in cells:
            k = (c // nx - j0) * w + (c % nx - i0)
            if near_i[k] is not None:
                di, dj = near_i[k] - (c % nx - i0), near_j[k] - (c // nx - j0)
                out[c] = self.cell * math.hypot(di, dj)
        return out


def _rings_xy(geometry):
    return [[to_xy(p[0], p[1]) for p in ring]
            for poly in polygons_of(geometry) for ring in poly]


def _inside(point, rings):
    """Even-odd point-in-polygon over all rings (local projection)."""
    x, y = point
    inside = False
    for ring in rings:
        for (xa, ya), (xb, yb) in zip(ring, ring[1:]):
            if (ya > y) != (yb > y) and x < xa + (y - ya) * (xb - xa) / (yb - ya):
                inside = not inside
    return inside


def _ortsteile_named(lor_name, ortsteil_by_key):
    """The Ortsteile a LOR unit's name refers to: the name is an Ortsteil ("Hansaviertel"),
    an Ortsteil plus a compass word ("Prenzlauer Berg Südwest"), or a list of such
    ("Gatow/Kladow", "Malchow, Wartenberg und Falkenberg", "Nord 1 - Frohnau/Hermsdorf").
    Empty when any part is something else, or the unit is in LOR_NAMES_NOT_ORTSTEILE."""
    if lor_name in LOR_NAMES_NOT_ORTSTEILE:
        return []
    name = re.sub(r"^(Nord|Ost|West|MV) \d+ (- )?", "", lor_name)
    out = []
    for part in re.split(r"/|,| und ", name):
        words = part.strip().rsplit(" ", 1)
        if loose_key(part) in ortsteil_by_key:
            out.append(ortsteil_by_key[loose_key(part)])
        elif (len(words) == 2 and words[1].lower() in COMPASS_WORDS
              and loose_key(words[0]) in ortsteil_by_key):
            out.append(ortsteil_by_key[loose_key(words[0])])
        else:
            return []
    return out


def _grow(grid, plrs, seeds, cand, capacity, bezirk_cells):
    """Competitive region growing inside one Bezirk; returns {cell: PLR key}."""
    nx = grid.nx
    allowed = {}
    for k in plrs:
        for c in cand[k]:
            allowed.setdefault(c, set()).add(k)
    radius = {k: math.sqrt(capacity[k] / math.pi) for k in plrs}

    def cost(k, c):
        x, y = grid.centre(c)
        return math.hypot(x - seeds[k][0], y - seeds[k][1]) / grid.cell / radius[k]

    owner, count, live, heap = {}, {k: 0 for k in plrs}, {k: 0 for k in plrs}, []

    def start(k, floor):
        free = [(cost(k, c), c) for c in cand[k] if c not in owner]
        if free:
            d, c = min(free)
            heapq.heappush(heap, (max(d, floor), c, k))
            live[k] += 1

    for k in plrs:
        start(k, 0.0)
    while heap:
        d, c, k = heapq.heappop(heap)
        live[k] -= 1
        if count[k] >= capacity[k]:
            continue
        if c not in owner:
            owner[c] = k
            count[k] += 1
            for n in (c - 1, c + 1, c - nx, c + nx):
                if n not in owner and k in allowed.get(n, ()):
                    heapq.heappush(heap, (cost(k, n), n, k))
                    live[k] += 1
        if live[k] == 0 and count[k] < capacity[k]:
            start(k, d)  # boxed in: continue at the nearest free allowed cell
    # Cells nobody could take (rounding, blocked candidates) go to the nearest grown region.
    heap = [(cost(k, n), n, k) for c, k in sorted(owner.items())
            for n in (c - 1, c + 1, c - nx, c + nx) if n in bezirk_cells and n not in owner]
    heapq.heapify(heap)
    while heap:
        d, c, k = heapq.heappop(heap)
        if c in owner:
            continue
        owner[c] = k
        for n in (c - 1, c + 1, c - nx, c + nx):
            if n in bezirk_cells and n not in owner:
                heapq.heappush(heap, (cost(k, n), n, k))
    return owner


def estimate_planungsraeume(raw, lor_rows, district_of_key):
    """Location, cells and Ortsteil outlines for every LOR Planungsraum (see the module
    docstring, "Kiez locations"). Returns (grid, {key: (x, y, cells)}, ortsteil rings, cell
    Ortsteil labels)."""
    def features(name, prop):
        with open(os.path.join(raw, name), encoding="utf-8") as f:
            return {ft["properties"][prop]: _rings_xy(ft["geometry"])
                    for ft in json.load(f)["features"]}

    plz_rings = features("plz.geojson", "spatial_name")
    ortsteil_rings = features("lor_ortsteile.geojson", "OTEIL")
    bezirk_rings = features("bezirksgrenzen.geojson", "Gemeinde_name")
    grid = _Grid(bezirk_rings.values())
    plz_of, ortsteil_of, bezirk_of = (grid.label(plz_rings), grid.label(ortsteil_rings),
                                      grid.label(bezirk_rings))
    near_plz = grid.neighbourhood(plz_of, POSTCODE_CLEARANCE_CELLS)
    near_ortsteil = grid.neighbourhood(ortsteil_of, ORTSTEIL_TOLERANCE_CELLS)
    ortsteil_by_key = {loose_key(o): o for o in ortsteil_rings}

    postcodes = {}
    for r in read_csv(os.path.join(raw, "PLZ2PLR.csv")):
        for number in re.findall(r"\d+", r["PLR"]):
            postcodes.setdefault(f"{int(number):08d}", set()).add(r["PLZ"])
    cells_of_bezirk = {}
    for c, b in enumerate(bezirk_of):
        if b is not None and plz_of[c] is not None:
            cells_of_bezirk.setdefault(b, []).append(c)

    plr = {}  # key -> dict(bezirk, Z, N, cand)
    for r in lor_rows:
        key = r["Schlüssel"]
        bezirk = district_of_key(key)
        zs = postcodes.get(key)
        if not zs:
            sys.exit(f"LOR {key} has no postcode in PLZ2PLR.csv")
        n = float(r["Flächengröße in m²"]) / grid.cell ** 2
        anywhere = [c for c in cells_of_bezirk[bezirk] if plz_of[c] in zs]
        cand = [c for c in anywhere if near_plz[c] <= zs]
        if len(cand) < n:
            cand = anywhere
        named = set()
        for level in ("Planungsraum", "Bezirksregion", "Prognoseraum"):
            named.update(_ortsteile_named(r[level].strip(), ortsteil_by_key))
        if named:
            in_named = [c for c in cand if near_ortsteil[c] & named]
            if len(in_named) >= n / 2:
                cand = in_named
        if not cand:
            cand = cells_of_bezirk[bezirk]
        plr[key] = {"bezirk": bezirk, "Z": zs, "N": n, "cand": cand}

    # Distance from candidate cells to every postcode a Planungsraum lists.
    cells_of_plz, needed = {}, {}
    for c, z in enumerate(plz_of):
        if z is not None:
            cells_of_plz.setdefault(z, []).append(c)
    for p in plr.values():
        for z in p["Z"]:
            needed.setdefault(z, set()).update(p["cand"])
    dist = {z: grid.distance_field(cells_of_plz.get(z, []), sorted(cells))
            for z, cells in sorted(needed.items())}

    def centroid(cells):
        pts = [grid.centre(c) for c in cells]
        return (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))

    seeds = {}
    for key, p in sorted(plr.items()):
        cx, cy = centroid(p["cand"])

        def rank(c, p=p, cx=cx, cy=cy):
            ds = [dist[z].get(c, math.inf) for z in sorted(p["Z"])]
            x, y = grid.centre(c)
            return (max(ds), sum(ds), math.hypot(x - cx, y - cy), c)

        best = sorted(p["cand"], key=rank)[:max(1, round(p["N"]))]
        seeds[key] = centroid(best)

    out = {}
    for bezirk in sorted(cells_of_bezirk):
        keys = sorted(k for k, p in plr.items() if p["bezirk"] == bezirk)
        owner = _grow(grid, keys, seeds, {k: plr[k]["cand"] for k in keys},
                      {k: plr[k]["N"] for k in keys}, set(cells_of_bezirk[bezirk]))
        cells = {k: [] for k in keys}
        for c, k in sorted(owner.items()):
            cells[k].append(c)
        for k in keys:
            x, y = centroid(cells[k]) if cells[k] else seeds[k]
            out[k] = (x, y, cells[k])
    return grid, out, ortsteil_rings, ortsteil_of


def _ortsteil_at(grid, x, y, cells, district, ortsteil_rings, ortsteil_of, ortsteil_district):
    """The Ortsteil of `district` whose polygon contains (x, y); else the most frequent
    Ortsteil of `district` among `cells` (ties: alphabetical)."""
    i, j = int((x - grid.x0) // grid.cell), int((y - grid.y0) // grid.cell)
    nearby = {ortsteil_of[(j + dj) * grid.nx + i + di]
              for dj in (-1, 0, 1) for di in (-1, 0, 1)} - {None}
    for name in sorted(nearby):
        if ortsteil_district[name] == district and _inside((x, y), ortsteil_rings[name]):
            return name
    votes = {}
    for c in cells:
        name = ortsteil_of[c]
        if name is not None and ortsteil_district[name] == district:
            votes[name] = votes.get(name, 0) + 1
    if not votes:
        sys.exit(f"no Ortsteil of {district} for a Kiez at {x:.0f},{y:.0f}")
    return min(votes, key=lambda n: (-votes[n], n))


def to_lonlat(x, y):
    return (x / (M_PER_DEG_LAT * math.cos(math.radians(REF_LAT))), y / M_PER_DEG_LAT)


def read_aliases(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not all(x.strip() for x in fields):
                sys.exit(f"{path}:{number}: expected alias<TAB>target<TAB>note")
            rows.append((fields[0].strip(), [t.strip() for t in fields[1].split(";")], number))
    return rows


def derive_kieze(raw, districts, ortsteile, aliases_path):
    by_number = {int(d[0]): d[1] for d in districts}
    ortsteil_keys = {loose_key(o[1]) for o in ortsteile}
    ortsteil_district = {o[1]: o[2] for o in ortsteile}
    lor_rows = read_csv(os.path.join(raw, "LOR_Planungsraeume_2019.csv"), delimiter=";")
    grid, plr, ortsteil_rings, ortsteil_of = estimate_planungsraeume(
        raw, lor_rows, lambda key: by_number[int(key[:2])])

    # Units: a Planungsraum, or a Bezirksregion (area-weighted mean of its Planungsräume).
    units = {}  # (kind, district, name) -> [weight sum, sum w*x, sum w*y, cells]
    for r in lor_rows:
        key, area = r["Schlüssel"], float(r["Flächengröße in m²"])
        district = by_number[int(key[:2])]
        x, y, cells = plr[key]
        for kind, name in (("planungsraum", r["Planungsraum"].strip()),
                           ("bezirksregion", r["Bezirksregion"].strip())):
            u = units.setdefault((kind, district, name), [0.0, 0.0, 0.0, []])
            u[0] += area
            u[1] += area * x
            u[2] += area * y
            u[3].extend(cells)

    seen = {}  # loose key -> (first spelling, set of districts, units)
    for r in lor_rows:
        district = by_number[int(r["Schlüssel"][:2])]
        for kind, name in (("planungsraum", r["Planungsraum"].strip()),
                           ("bezirksregion", r["Bezirksregion"].strip())):
            key = loose_key(name)
            if not key or key in ortsteil_keys:
                continue
            spelling, where, found = seen.setdefault(key, (name, set(), []))
            where.add(district)
            if (kind, district, name) not in found:
                found.append((kind, district, name))

    def row(name, district, parts, kind):
        """parts: list of units; location = area-weighted mean over them."""
        weight = sum(units[u][0] for u in parts)
        x = sum(units[u][1] for u in parts) / weight
        y = sum(units[u][2] for u in parts) / weight
        cells = [c for u in parts for c in units[u][3]]
        ortsteil = _ortsteil_at(grid, x, y, cells, district, ortsteil_rings, ortsteil_of,
                                ortsteil_district)
        lon, lat = to_lonlat(x, y)
        return [name, district, ortsteil, f"{lat:.4f}", f"{lon:.4f}", kind]

    rows, by_key = [], {}
    for key, (spelling, where, found) in seen.items():
        if len(where) != 1:
            continue
        # A name that is both a Planungsraum and a Bezirksregion names the Planungsraum (the
        # Kiez proper, e.g. "Schillerpromenade"), not the wider region around it.
        plain = [u for u in found if u[0] == "planungsraum"] or found
        district = next(iter(where))
        rows.append(row(spelling, district, plain, plain[0][0]))
        by_key[key] = (district, plain)

    for alias, targets, number in read_aliases(aliases_path):
        key = loose_key(alias)
        where = f"{os.path.basename(aliases_path)}:{number}"
        if key in ortsteil_keys or key in seen:
            sys.exit(f"{where}: alias {alias!r} is an Ortsteil or LOR name already")
        if key in {loose_key(r[0]) for r in rows}:
            sys.exit(f"{where}: alias {alias!r} listed twice")
        parts, districts_of_targets = [], set()
        for target in targets:
            if loose_key(target) not in by_key:
                sys.exit(f"{where}: target {target!r} is not an unambiguous LOR name")
            district, found = by_key[loose_key(target)]
            districts_of_targets.add(district)
            parts.extend(u for u in found if u not in parts)
        if len(districts_of_targets) != 1:
            sys.exit(f"{where}: targets of {alias!r} lie in several Bezirke")
        rows.append(row(alias, districts_of_targets.pop(), parts, "alias"))
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
    parser.add_argument("--aliases", default=os.path.join(here, "kiez-aliases.tsv"))
    args = parser.parse_args()

    districts = derive_districts(args.raw)
    ortsteile = derive_ortsteile(args.raw)
    postcodes = derive_postcodes(args.raw)
    outlines = derive_outlines(args.raw)
    borders = derive_bezirk_borders(args.raw)
    kieze = derive_kieze(args.raw, districts, ortsteile, args.aliases)

    write_tsv(os.path.join(args.out, "districts.tsv"),
              ["key", "name", "lat", "lon", "neighbours"], districts)
    write_tsv(os.path.join(args.out, "ortsteile.tsv"),
              ["key", "name", "district", "lat", "lon"], ortsteile)
    write_tsv(os.path.join(args.out, "postcodes.tsv"),
              ["plz", "ortsteil", "district", "lat", "lon"], postcodes)
    write_tsv(os.path.join(args.out, "ortsteil_outlines.tsv"),
              ["key", "rings (lon lat,lon lat,...; even-odd rule)"], outlines)
    write_tsv(os.path.join(args.out, "bezirk_borders.tsv"),
              ["bezirke (one: Berlin's edge; two: their border)", "line (lon lat,lon lat,...)"],
              borders)
    write_tsv(os.path.join(args.out, "kieze.tsv"),
              ["name", "district", "ortsteil", "lat", "lon", "kind"], kieze)
    print(f"districts {len(districts)}, ortsteile {len(ortsteile)}, postcodes {len(postcodes)}, "
          f"outlines {len(outlines)}, border lines {len(borders)}, kieze {len(kieze)} ("
          + ", ".join(f"{k} {sum(r[5] == k for r in kieze)}"
                      for k in ("planungsraum", "bezirksregion", "alias")) + ")",
          file=sys.stderr)


if __name__ == "__main__":
    main()
