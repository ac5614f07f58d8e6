// The staff view's Berlin map: one link per Ortsteil, shaded by its initiatives with an open
// need, grouped by Bezirk, with the twelve Bezirk borders drawn over them (bezirk_borders.js).
// The keyboard reaches the map in one Tab stop (a roving tabindex): the arrow keys go to the
// neighbouring Ortsteil in that direction (map_keys.js), Home and End to the first and last,
// Enter opens the Ortsteil's list, and Tab leaves the map.
import { pathOf } from './berlin_map.js';
import { bezirkBorderLayer } from './bezirk_borders.js';
import { BEZIRKE } from './berlin_names.js';
import { h } from './dom.js';
import { NEED_TYPES, formatEur, formatNumber, t } from './i18n.js';
import { neighbourTable } from './map_keys.js';

export const SHADES = ['#eef3f8', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const KEYS = { ArrowRight: 'right', ArrowLeft: 'left', ArrowUp: 'up', ArrowDown: 'down' };

// The lightest shade for none; the others spread from the smallest to the largest count, so
// that Ortsteile with similar counts still differ.
function shade(n, min, max) {
  if (!n) return SHADES[0];
  const steps = SHADES.length - 1;
  const x = max > min ? (n - min) / (max - min) : 1;
  return SHADES[1 + Math.min(steps - 1, Math.floor(x * steps))];
}

// berlin: loadBerlin()'s map. counts, eur: Ortsteil name → initiatives with a need, their open
// EUR (the API's facets=neighbourhood and facet_sums; an Ortsteil with none is not listed).
// listUrl(params) → the search list's URL. → a box with the SVG (#staff-map); the caller
// puts the keyboard hint (#staff-map-keys) beside it.
export function staffMap(berlin, { counts, eur }, listUrl) {
  const values = Object.values(counts).filter((n) => n > 0);
  const min = Math.min(...values, Infinity);
  const max = Math.max(...values, 0);
  const svg = h('svg', {
    svg: true, xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${berlin.width} ${berlin.height}`,
    class: 'berlin-map', role: 'group', 'aria-labelledby': 'staff-map-title', 'aria-describedby': 'staff-map-keys', id: 'staff-map',
  });
  const links = [];
  for (const district of BEZIRKE) {
    const group = h('g', { svg: true, 'data-district': district });
    for (const area of berlin.areas.filter((a) => a.district === district)) {
      const n = counts[area.name] || 0;
      const open = eur[area.name] || 0;
      const count = n === 1 ? t('search.totalOne') : t('search.total', { n: formatNumber(n) });
      const name = `${area.name} (${district}): ${count} (${t('staff.anyNeed')}), ${t('staff.areaEur', { eur: formatEur(open) })}`;
      const link = h('a', {
        svg: true, href: listUrl({ neighbourhood: area.name, need: NEED_TYPES }), 'aria-label': name, class: 'map-link', tabindex: -1,
        'data-district': district, 'data-neighbourhood': area.name, 'data-count': n, 'data-eur': open, 'data-nav': 'search',
      }, h('title', { svg: true }, name),
      h('path', { svg: true, d: pathOf(berlin, area), 'fill-rule': 'evenodd', fill: shade(n, min, max), class: 'area', 'data-key': area.key }));
      link.area = area;
      links.push(link);
      group.append(link);
    }
    svg.append(group);
  }
  svg.append(bezirkBorderLayer(berlin));
  const ring = h('path', { svg: true, class: 'map-focus', 'aria-hidden': 'true', d: '' });
  svg.append(ring);
  // The keys are listened to on a box around the SVG: Chromium makes an SVG element with
  // focus listeners a Tab stop of its own.
  const box = h('div', { class: 'map-box' }, svg);
  rove(box, links, ring, berlin);
  return box;
}

// One Tab stop for the whole map: the link last visited (at first the first) has tabindex 0,
// the others -1; arrows, Home and End move the focus among them.
function rove(box, links, ring, berlin) {
  const next = neighbourTable(links.map((l) => berlin.project(...l.area.centre)));
  let current = 0;
  const select = (i) => {
    links[current].setAttribute('tabindex', '-1');
    current = i;
    links[i].setAttribute('tabindex', '0');
  };
  select(0);
  box.addEventListener('focusin', (e) => {
    const i = links.indexOf(e.target.closest('.map-link'));
    if (i < 0) return;
    select(i);
    // Drawn last, over the borders, so the focused Ortsteil's outline is never hidden.
    ring.setAttribute('d', links[i].querySelector('path').getAttribute('d'));
  });
  box.addEventListener('focusout', () => ring.setAttribute('d', ''));
  box.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    let to = null;
    if (KEYS[e.key]) to = next[current][KEYS[e.key]];
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = links.length - 1;
    else return;
    e.preventDefault();
    if (to !== null && to !== undefined) links[to].focus();
  });
}

// What the shades mean, with the numbers: none (the lightest) up to the busiest Ortsteil's
// count (the darkest); and the Bezirk border's line. counts: as for staffMap().
export function legend(counts) {
  const max = Math.max(0, ...Object.values(counts));
  return h('div', { class: 'legend' },
    h('span', {}, t('staff.legend')),
    h('span', { class: 'legend-scale', role: 'img', 'aria-label': t('staff.legendScale', { max: formatNumber(max) }) },
      h('span', { 'aria-hidden': 'true' }, t('staff.legendNone')),
      h('span', { class: 'legend-swatches', 'aria-hidden': 'true' }, SHADES.map((c) => h('svg', { svg: true, width: 18, height: 12 }, h('rect', { svg: true, width: 18, height: 12, fill: c })))),
      h('span', { 'aria-hidden': 'true', id: 'legend-max' }, formatNumber(max))),
    h('span', { class: 'legend-border' }, h('svg', { svg: true, width: 22, height: 12, 'aria-hidden': 'true' }, h('line', { svg: true, x1: 1, y1: 6, x2: 21, y2: 6, class: 'bezirk-border' })), t('staff.legendBorder')));
}
