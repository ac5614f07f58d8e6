// Berlin as SVG, drawn from the Ortsteil outlines and the Bezirk borders the server ships
// (data/geo, served at /geo/*.tsv): a plate carrée projection with the longitude scaled by
// cos(52.5°), which at Berlin's size is as good as any. The tables are fetched once per page
// load.
import { bezirkBorderLayer } from './bezirk_borders.js';
import { h } from './dom.js';

const WIDTH = 640;
const COS_LAT = Math.cos((52.5 * Math.PI) / 180);
let loading = null;

function parseTsv(text) {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
}

async function fetchText(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.text();
}

const points = (text) => text.split(',').map((p) => p.trim().split(' ').map(Number));

// → { areas: [{key, name, district, centre: [lon, lat], rings: [[[lon, lat], …], …]}],
//     borders: [{ districts: [name] (Berlin's edge) or [name, name], line: [[lon, lat], …] }],
//     project(lon, lat) → [x, y], width, height }. centre: the Ortsteil's area-weighted
//     centroid (ortsteile.tsv), or the middle of its outline's box when the table has none.
//     borders: each border between two Bezirke and each stretch of Berlin's edge once.
export function loadBerlin() {
  const files = ['/geo/ortsteile.tsv', '/geo/ortsteil_outlines.tsv', '/geo/bezirk_borders.tsv'];
  loading ??= Promise.all(files.map(fetchText)).then(([names, outlines, borderLines]) => {
    const info = new Map(parseTsv(names).map(([key, name, district, lat, lon]) => [key, { name, district, centre: [Number(lon), Number(lat)] }]));
    const areas = parseTsv(outlines).map(([key, ...rings]) => ({
      key, ...(info.get(key) || { name: key, district: '', centre: null }), rings: rings.map(points),
    }));
    const borders = parseTsv(borderLines).map(([districts, line]) => ({ districts: districts.split(','), line: points(line) }));
    let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
    for (const a of areas) {
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const r of a.rings) for (const [lon, lat] of r) {
        box[0] = Math.min(box[0], lon); box[1] = Math.min(box[1], lat);
        box[2] = Math.max(box[2], lon); box[3] = Math.max(box[3], lat);
      }
      if (!a.centre || !a.centre.every(Number.isFinite)) a.centre = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
      minX = Math.min(minX, box[0] * COS_LAT); maxX = Math.max(maxX, box[2] * COS_LAT);
      minY = Math.min(minY, box[1]); maxY = Math.max(maxY, box[3]);
    }
    const k = WIDTH / (maxX - minX);
    const project = (lon, lat) => [(lon * COS_LAT - minX) * k, (maxY - lat) * k];
    return { areas, borders, project, width: WIDTH, height: Math.ceil((maxY - minY) * k) };
  });
  loading.catch(() => { loading = null; });  // a failed load may be retried
  return loading;
}

function viewBoxOf(berlin, focus) {
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const a of berlin.areas.filter((x) => focus && focus(x))) {
    for (const r of a.rings) for (const [lon, lat] of r) {
      const [x, y] = berlin.project(lon, lat);
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  if (x0 === Infinity) return `0 0 ${berlin.width} ${berlin.height}`;
  const m = 0.15 * Math.max(x1 - x0, y1 - y0);
  return [x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m].map((v) => v.toFixed(1)).join(' ');
}

export function pathOf(berlin, area) {
  return area.rings.map((ring) => ring.map(([lon, lat], i) => {
    const [x, y] = berlin.project(lon, lat);
    return `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
  }).join('') + 'Z').join('');
}

// The whole city with its Bezirk borders. options.area(area) → { fill, className } for each
// Ortsteil; options.marker: { lon, lat } for a dot; options.label: the picture's accessible
// name. (The staff view's clickable map is staff_map.js.)
// options.focus(area): the areas the picture is cut to (with a margin); all of Berlin when
// none is given or none matches.
export function berlinSvg(berlin, { area, marker = null, label, focus = null }) {
  const svg = h('svg', {
    svg: true, xmlns: 'http://www.w3.org/2000/svg', viewBox: viewBoxOf(berlin, focus),
    class: 'berlin-map', role: 'img', 'aria-label': label,
  });
  for (const a of berlin.areas) {
    const look = area(a);
    svg.append(h('path', {
      svg: true, d: pathOf(berlin, a), 'fill-rule': 'evenodd', fill: look.fill, class: look.className || 'area',
      'data-key': a.key, 'data-district': a.district,
    }));
  }
  svg.append(bezirkBorderLayer(berlin));
  if (marker) {
    const [x, y] = berlin.project(marker.lon, marker.lat);
    const width = Number(svg.getAttribute('viewBox').split(' ')[2]);
    svg.append(h('circle', { svg: true, cx: x.toFixed(1), cy: y.toFixed(1), r: (width / 60).toFixed(1), class: 'marker' }));
  }
  return svg;
}
