// The staff view's Berlin map: one area per Ortsteil, shaded by its initiatives with an open
// need, grouped by Bezirk, with the Bezirk borders drawn over them (bezirk_borders.js).
// For the keyboard and for screen readers the map is one widget, a listbox of the Ortsteile
// (grouped by Bezirk): one Tab stop that keeps the focus while the arrow keys move the
// active Ortsteil to the neighbouring one in that direction (map_keys.js), Home and End to
// the first and last; Enter opens the active Ortsteil's list, and Tab leaves the map. A
// screen reader meets the map as that one control, not as 96 links; the same numbers are a
// table beside it (map_table.js). The areas are links for the mouse (a click, or a new tab).
import { pathOf } from './berlin_map.js';
import { bezirkBorderLayer } from './bezirk_borders.js';
import { BEZIRKE } from './berlin_names.js';
import { h } from './dom.js';
import { NEED_TYPES, formatEur, formatNumber, t } from './i18n.js';
import { ArrowMoves } from './map_keys.js';

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
// listUrl(params) → the search list's URL. → the listbox (#staff-map-box) with the SVG
// (#staff-map); the caller puts the keyboard hint (#staff-map-keys) beside it.
export function staffMap(berlin, { counts, eur }, listUrl) {
  const values = Object.values(counts).filter((n) => n > 0);
  const min = Math.min(...values, Infinity);
  const max = Math.max(...values, 0);
  const svg = h('svg', {
    svg: true, xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${berlin.width} ${berlin.height}`,
    class: 'berlin-map', role: 'none', id: 'staff-map',
  });
  const links = [];
  for (const district of BEZIRKE) {
    const group = h('g', { svg: true, role: 'group', 'aria-label': district, 'data-district': district });
    for (const area of berlin.areas.filter((a) => a.district === district)) {
      const n = counts[area.name] || 0;
      const open = eur[area.name] || 0;
      const count = n === 1 ? t('search.totalOne') : t('search.total', { n: formatNumber(n) });
      const name = `${area.name} (${district}): ${count} (${t('staff.anyNeed')}), ${t('staff.areaEur', { eur: formatEur(open) })}`;
      const link = h('a', {
        svg: true, href: listUrl({ neighbourhood: area.name, need: NEED_TYPES }), role: 'option', id: `map-area-${area.key}`,
        'aria-label': name, 'aria-selected': 'false', class: 'map-link', tabindex: -1,
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
  const box = h('div', {
    class: 'map-box', id: 'staff-map-box', role: 'listbox', tabindex: 0,
    'aria-labelledby': 'staff-map-title', 'aria-describedby': 'staff-map-keys',
  }, svg);
  keys(box, links, ring, berlin);
  return box;
}

// The listbox keeps the focus; aria-activedescendant names the active Ortsteil (at first the
// first), which the arrows, Home and End move and Enter opens. Its outline is drawn while the
// map has the focus.
function keys(box, links, ring, berlin) {
  const moves = new ArrowMoves(links.map((l) => berlin.project(...l.area.centre)));
  let current = 0;
  const outline = () => ring.setAttribute('d', box.contains(document.activeElement) ? links[current].querySelector('path').getAttribute('d') : '');
  const activate = (i) => {
    links[current].setAttribute('aria-selected', 'false');
    current = i;
    links[i].setAttribute('aria-selected', 'true');
    box.setAttribute('aria-activedescendant', links[i].id);
    outline();
  };
  activate(0);
  // A click focuses the link clicked (tabindex -1): it becomes the active Ortsteil, and the
  // focus goes back to the listbox, which the keys are for.
  box.addEventListener('focusin', (e) => {
    const i = links.indexOf(e.target.closest('.map-link'));
    if (i >= 0) {
      if (i !== current) moves.forget();
      activate(i);
      box.focus();
    }
    outline();
  });
  box.addEventListener('focusout', () => ring.setAttribute('d', ''));
  box.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    let to = null;
    if (KEYS[e.key]) to = moves.move(current, KEYS[e.key]);
    else if (e.key === 'Home' || e.key === 'End') {
      moves.forget();
      to = e.key === 'Home' ? 0 : links.length - 1;
    } else if (e.key === 'Enter') {
      // As a click on the link: the page's own navigation (app.js) takes it.
      links[current].dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    } else return;
    e.preventDefault();
    if (to !== null) activate(to);
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
