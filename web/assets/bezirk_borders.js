// The Bezirk borders over a Berlin map, drawn from the shipped lines (data/geo/
// bezirk_borders.tsv, from the ALKIS Bezirk outlines): each border between two Bezirke and
// each stretch of Berlin's edge is one line, so no border is drawn twice.
import { h } from './dom.js';

// berlin: as loadBerlin() gives it. → an SVG group to draw over the Ortsteile: one
// path.bezirk-border per line, data-districts the Bezirke it bounds (space-separated: one
// for Berlin's edge, two for a border between them).
export function bezirkBorderLayer(berlin) {
  return h('g', { svg: true, class: 'bezirk-borders', 'aria-hidden': 'true' },
    berlin.borders.map(({ districts, line }) => h('path', {
      svg: true, class: 'bezirk-border', 'data-districts': districts.join(' '),
      d: line.map(([lon, lat], i) => {
        const [x, y] = berlin.project(lon, lat);
        return `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
      }).join(''),
    })));
}
