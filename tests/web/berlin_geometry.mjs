// Points of the shipped Ortsteil outlines (data/geo) whose place relative to the Bezirk borders
// is plain, found here on their own from the tables, for the page test to look for on the
// staff map (tests/web/page_test.mjs):
//   internal: on the line between two Ortsteile of one Bezirk, far from every other Bezirk and
//             from every gap or edge, where no Bezirk border may be drawn;
//   border:   on the line between two Bezirke, far from the Bezirk's other Ortsteile;
//   edge:     on Berlin's edge, far from every other Ortsteil.
// Each point is { key, district, ring, vertex }: a vertex of that Ortsteil's outline, so the
// test finds it on the page in the Ortsteil's own SVG path.
import { readFileSync } from 'node:fs';

const M_LAT = 111_250;
const M_LON = M_LAT * Math.cos((52.5 * Math.PI) / 180);

function table(name) {
  return readFileSync(new URL(`../../data/geo/${name}`, import.meta.url), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
}

function segmentDistance([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function outlineDistance(p, area) {
  const [x0, y0, x1, y1] = area.box;
  const boxDistance = Math.hypot(Math.max(x0 - p[0], 0, p[0] - x1), Math.max(y0 - p[1], 0, p[1] - y1));
  if (boxDistance > 1000) return boxDistance;  // a lower bound is enough beyond 1 km
  let best = Infinity;
  for (const r of area.rings) for (let i = 0; i + 1 < r.length; i += 1) best = Math.min(best, segmentDistance(p, r[i], r[i + 1]));
  return best;
}

export function plainPoints() {
  const district = new Map(table('ortsteile.tsv').map(([key, , d]) => [key, d]));
  const areas = table('ortsteil_outlines.tsv').map(([key, ...rings]) => {
    const rs = rings.map((r) => r.split(',').map((pt) => pt.trim().split(' ').map(Number)).map(([lon, lat]) => [lon * M_LON, lat * M_LAT]));
    const all = rs.flat();
    const box = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
    return { key, district: district.get(key), rings: rs, box };
  });
  const nearest = (p, self, same) => Math.min(...areas.filter((o) => o !== self && (o.district === self.district) === same).map((o) => outlineDistance(p, o)));
  // Every 100 m of every outline that has no other Ortsteil within 100 m: Berlin's edge, and
  // the shores of gaps (rivers, lakes) the outlines leave open.
  const open = [];
  for (const a of areas) {
    for (const r of a.rings) {
      for (let i = 0; i + 1 < r.length; i += 1) {
        const n = Math.ceil(Math.hypot(r[i + 1][0] - r[i][0], r[i + 1][1] - r[i][1]) / 100);
        for (let k = 0; k < n; k += 1) {
          const q = [r[i][0] + (k / n) * (r[i + 1][0] - r[i][0]), r[i][1] + (k / n) * (r[i + 1][1] - r[i][1])];
          if (Math.min(nearest(q, a, true), nearest(q, a, false)) > 100) open.push(q);
        }
      }
    }
  }
  const farFromOpen = (p, d) => open.every((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) > d);
  const points = { internal: [], border: [], edge: [] };
  for (const a of areas) {
    a.rings.forEach((r, ring) => {
      for (let vertex = 0; vertex + 1 < r.length; vertex += 2) {
        const p = r[vertex];
        const same = nearest(p, a, true);
        const other = nearest(p, a, false);
        const point = { key: a.key, district: a.district, ring, vertex };
        if (same < 30 && other > 800 && farFromOpen(p, 800)) points.internal.push(point);
        else if (other < 30 && same > 400) points.border.push(point);
        else if (Math.min(same, other) > 400) points.edge.push(point);
      }
    });
  }
  return points;
}
