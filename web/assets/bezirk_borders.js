// The twelve Bezirk borders, derived from the shipped Ortsteil outlines (the data has no
// Bezirk outlines). The outlines were simplified one by one (data/README.md: Douglas-Peucker
// at 20 m), so two neighbours do not share vertices and leave slivers between them: an edge
// cannot be matched with its twin. Instead every outline is cut into pieces of at most 100 m,
// and each piece looks 60 m outwards, past the slivers (classify() for kinks and gaps): where
// that is an Ortsteil of its own Bezirk, the piece separates two Ortsteile of one Bezirk and
// is left out; where it is another Bezirk or outside Berlin, the piece is part of the
// Bezirk's border. The pieces kept are joined into polylines, one SVG path per Bezirk (both
// Bezirke of a border draw it, each from its own outlines: the two lines lie within the
// slivers, under a pixel apart at the maps' scale). Computed once per loaded map (~50 ms).
import { BEZIRKE } from './berlin_names.js';
import { h } from './dom.js';

// Metres per degree at Berlin's latitude (52.5°).
const M_LAT = 111_250;
const M_LON = M_LAT * Math.cos((52.5 * Math.PI) / 180);
const PIECE_M = 100;
const PROBE_M = 60;
const FAR_M = 150;
const CELL_M = 1000;
const cache = new WeakMap();

function boxOf(rings) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) for (const [x, y] of r) {
    box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
  }
  return box;
}

// Even-odd rule over all rings (outer rings and holes), as the outlines are meant. flat:
// each ring as [x0, y0, x1, y1, …] (a Float64Array: this runs for each of ~15,000 pieces).
function inside(x, y, flat) {
  let odd = false;
  for (const r of flat) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i];
      const yi = r[i + 1];
      const yj = r[j + 1];
      if ((yi > y) !== (yj > y) && x < ((r[j] - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

// 1 when the area lies to the right of the ring's direction (its outside to the left), -1
// when to the left: tried 1 m beside the middle of the ring's longest edge. One side is the
// same all along a ring that does not cross itself.
function outwardSide(ring, flat) {
  let best = 0;
  let at = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const len = Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
    if (len > best) { best = len; at = i; }
  }
  const [ax, ay] = ring[at];
  const dx = (ring[at + 1][0] - ax) / best;
  const dy = (ring[at + 1][1] - ay) / best;
  return inside(ax + dx * best * 0.5 - dy, ay + dy * best * 0.5 + dx, flat) ? -1 : 1;
}

// The pieces of a ring ({ i: its segment, k of n: its place on it, border }). A piece looks
// 60 m outwards, past the slivers. There another Ortsteil tells: its Bezirk the same (no
// border) or not (border). Nothing there: 150 m out, for a wider gap between two Ortsteile,
// and where that finds nothing either, Berlin's edge (border). The Ortsteil itself there: a
// kink of the simplified outline, or an inlet of what is not Berlin; the piece is what the
// piece before it is (the ring is closed, so the last piece is before the first).
function classify(ring, shape, shapeAt) {
  const out = outwardSide(ring, shape.flat);
  const pieces = [];
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const [ax, ay] = ring[i];
    const dx = ring[i + 1][0] - ax;
    const dy = ring[i + 1][1] - ay;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const n = Math.max(1, Math.ceil(len / PIECE_M));
    const nx = (-dy / len) * out;
    const ny = (dx / len) * out;
    for (let k = 0; k < n; k += 1) {
      const x = ax + ((k + 0.5) / n) * dx;
      const y = ay + ((k + 0.5) / n) * dy;
      let other = shapeAt(x + PROBE_M * nx, y + PROBE_M * ny, shape);
      let border = null;
      if (other) border = other.area.district !== shape.area.district;
      else if (!inside(x + PROBE_M * nx, y + PROBE_M * ny, shape.flat)) {
        other = shapeAt(x + FAR_M * nx, y + FAR_M * ny, shape);
        border = !other || other.area.district !== shape.area.district;
      }
      pieces.push({ i, k, n, border });
    }
  }
  const known = pieces.findLast((p) => p.border !== null);
  let last = known ? known.border : true;
  for (const p of pieces) {
    if (p.border === null) p.border = last;
    last = p.border;
  }
  return pieces;
}

// The border pieces of a ring joined into polylines in lon/lat (ring: the ring in lon/lat).
function linesOf(pieces, ring) {
  const at = ({ i }, f) => [ring[i][0] + f * (ring[i + 1][0] - ring[i][0]), ring[i][1] + f * (ring[i + 1][1] - ring[i][1])];
  const lines = [];
  let line = null;
  for (const p of pieces) {
    if (p.border) {
      line ??= [at(p, p.k / p.n)];
      if (p.k === p.n - 1) line.push(ring[p.i + 1]);
    } else if (line) {
      line.push(at(p, p.k / p.n));
      lines.push(line);
      line = null;
    }
  }
  if (line) {
    // The ring is closed (its last point is its first): a border through that point is one line.
    if (pieces[0]?.border && lines.length) line.push(...lines.shift().slice(1));
    lines.push(line);
  }
  return lines.filter((x) => x.length > 1);
}

// berlin: as loadBerlin() gives it. → Map Bezirk name → polylines [[[lon, lat], …], …].
export function bezirkBorderLines(berlin) {
  if (cache.has(berlin)) return cache.get(berlin);
  const shapes = berlin.areas.map((a) => {
    const rings = a.rings.map((r) => r.map(([lon, lat]) => [lon * M_LON, lat * M_LAT]));
    return { area: a, rings, flat: rings.map((r) => Float64Array.from(r.flat())), box: boxOf(rings) };
  });
  // The shapes whose box touches each 1 km cell: a probe tests only those.
  const cells = new Map();
  const cellKey = (x, y) => `${Math.floor(x / CELL_M)},${Math.floor(y / CELL_M)}`;
  for (const s of shapes) {
    const [x0, y0, x1, y1] = s.box;
    for (let x = Math.floor(x0 / CELL_M); x <= Math.floor(x1 / CELL_M); x += 1) {
      for (let y = Math.floor(y0 / CELL_M); y <= Math.floor(y1 / CELL_M); y += 1) {
        const key = `${x},${y}`;
        if (!cells.has(key)) cells.set(key, []);
        cells.get(key).push(s);
      }
    }
  }
  // The Ortsteil other than `own` at (x, y), or null.
  const shapeAt = (x, y, own) => {
    for (const s of cells.get(cellKey(x, y)) || []) {
      if (s !== own && x >= s.box[0] && x <= s.box[2] && y >= s.box[1] && y <= s.box[3] && inside(x, y, s.flat)) return s;
    }
    return null;
  };
  const lines = new Map();
  for (const shape of shapes) {
    const { area, rings } = shape;
    if (!area.district) continue;
    const own = lines.get(area.district) || [];
    lines.set(area.district, own);
    rings.forEach((ring, r) => {
      own.push(...linesOf(classify(ring, shape, shapeAt), area.rings[r]));
    });
  }
  cache.set(berlin, lines);
  return lines;
}

// The SVG path data of a Bezirk's border in the map's projection ('' when it has none).
function bezirkBorderPath(berlin, district) {
  const lines = bezirkBorderLines(berlin).get(district) || [];
  return lines.map((line) => line.map(([lon, lat], i) => {
    const [x, y] = berlin.project(lon, lat);
    return `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
  }).join('')).join('');
}

// The twelve borders as an SVG group to draw over the Ortsteile: path.bezirk-border, each
// with data-district.
export function bezirkBorderLayer(berlin) {
  return h('g', { svg: true, class: 'bezirk-borders', 'aria-hidden': 'true' },
    BEZIRKE.map((district) => h('path', { svg: true, class: 'bezirk-border', 'data-district': district, d: bezirkBorderPath(berlin, district) })));
}
