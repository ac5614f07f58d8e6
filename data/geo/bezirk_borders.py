"""The Bezirk borders as lines, each drawn once, cut from the Ortsteil polygons (for derive.py).

The RBS Ortsteil polygons (lor_ortsteile.geojson) tile Berlin and share their vertices: the
edge between two vertices on the line between Alt-Treptow and Kreuzberg is in both polygons
(except at 49 places where one side has a vertex more, which node() first adds to the other).
Each edge is labelled with the Bezirke of the Ortsteile whose rings hold it: two Bezirke on a
border between Bezirke, one on Berlin's edge (an edge of one ring only), none between two
Ortsteile of one Bezirk. A ring is cut where the label of its edges changes; each labelled
piece is a line. A border between two Bezirke is taken from the rings of the first of them (by
key), in their direction; the other's rings hold the same edges backwards.

Why the Ortsteile and not the ALKIS Bezirk polygons (bezirksgrenzen.geojson), which share
their edges the same way: the maps fill the Ortsteile, and the two sources disagree by up to
185 m (at the Tempelhofer Feld; 112 m on the line between Mitte and Pankow), where an ALKIS
border would run across an Ortsteil. Cut from the Ortsteile, a border lies on their edges.

derive.py simplifies each line on its own with its ends fixed, so the two Bezirke of a border
get one line, and lines that meet keep meeting at the same point (simplifying each polygon on
its own leaves two lines up to the tolerance apart).
"""

NODE_M = 0.05  # a vertex this close to another ring's edge lies on it


def border_lines(rings, order, to_xy, segment_distance):
    """rings: [(Ortsteil key, Bezirk, [(lon, lat), ...]), ...] of polygons that tile Berlin; a
    ring may end with its first point. order: Bezirk -> rank. to_xy, segment_distance: the
    local projection in metres and the distance of a point from a segment (derive.py).
    -> [(bezirke, [(lon, lat), ...]), ...]: bezirke a tuple of one Bezirk (Berlin's edge) or
    two (their border), by rank; a closed line ends with its first point."""
    rings = node([(key, bezirk, pts[:-1] if pts[0] == pts[-1] else pts) for key, bezirk, pts in rings],
                 to_xy, segment_distance)
    owners = _owners(rings)

    def label(edge):
        held = owners[edge]
        bezirke = tuple(sorted({b for _, b in held}, key=order.get))
        return None if len(held) > 1 and len(bezirke) == 1 else bezirke

    lines = []
    for _, bezirk, pts in rings:
        n = len(pts)
        labels = [label(frozenset((pts[i], pts[(i + 1) % n]))) for i in range(n)]
        cuts = [i for i in range(n) if labels[i] != labels[i - 1]]
        if not cuts:
            pieces = [(labels[0], pts + [pts[0]])]
        else:
            pieces = []
            for c, start in enumerate(cuts):
                count = (cuts[(c + 1) % len(cuts)] - start) % n or n
                pieces.append((labels[start], [pts[(start + k) % n] for k in range(count + 1)]))
        lines.extend((b, line) for b, line in pieces if b is not None and b[0] == bezirk)
    return join(lines)


def join(lines):
    """Lines with the same label joined where they meet end to end, there being no other
    line end at that point (a line is cut at each Ortsteil it borders; a junction of borders
    stays a cut)."""
    while True:
        ends = {}
        for i, (_, line) in enumerate(lines):
            if line[0] != line[-1]:
                for p in (line[0], line[-1]):
                    ends.setdefault(p, []).append(i)
        pair = next(((i, j, p) for p, (i, *rest) in ends.items()
                     if len(rest) == 1 and (j := rest[0]) != i and lines[i][0] == lines[j][0]), None)
        if pair is None:
            return lines
        i, j, p = pair
        a, b = lines[i][1], lines[j][1]
        a = a if a[-1] == p else a[::-1]
        b = b if b[0] == p else b[::-1]
        lines[i] = (lines[i][0], a + b[1:])
        del lines[j]


def _owners(rings):
    owners = {}
    for key, bezirk, pts in rings:
        for i, a in enumerate(pts):
            owners.setdefault(frozenset((a, pts[(i + 1) % len(pts)])), set()).add((key, bezirk))
    return owners


def node(rings, to_xy, segment_distance, cell=100.0):
    """The rings with a vertex added to an edge of one ring only wherever a vertex of another
    such edge lies on it (within NODE_M), so that both rings hold the same edges there."""
    owners = _owners(rings)
    near = {}  # grid cell -> vertices of edges of one ring
    for edge, held in owners.items():
        if len(held) == 1:
            for p in edge:
                x, y = to_xy(*p)
                near.setdefault((int(x // cell), int(y // cell)), set()).add(p)
    out = []
    for key, bezirk, pts in rings:
        noded = []
        for i, a in enumerate(pts):
            b = pts[(i + 1) % len(pts)]
            noded.append(a)
            if len(owners[frozenset((a, b))]) != 1:
                continue
            (ax, ay), (bx, by) = to_xy(*a), to_xy(*b)
            length2 = (bx - ax) ** 2 + (by - ay) ** 2
            found = []
            for cx in range(int(min(ax, bx) // cell) - 1, int(max(ax, bx) // cell) + 2):
                for cy in range(int(min(ay, by) // cell) - 1, int(max(ay, by) // cell) + 2):
                    for p in near.get((cx, cy), ()):
                        px, py = to_xy(*p)
                        t = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2 if length2 else 0
                        if p not in (a, b) and 0 < t < 1 and segment_distance((px, py), (ax, ay), (bx, by)) < NODE_M:
                            found.append((t, p))
            noded.extend(p for _, p in sorted(set(found)))
        out.append((key, bezirk, noded))
    return out
