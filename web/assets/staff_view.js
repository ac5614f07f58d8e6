// The staff view: open needs per Bezirk × need type from the API's facet counts (one
// /v1/search per need type with facets=district; active initiatives, the API's default), and
// from one more request for initiatives with any need: its Bezirk counts, the server's exact
// open-EUR sums (sums=funding_gap_eur) and the counts per Ortsteil (facets=neighbourhood) that
// shade the Berlin map (docs/portal.md). Each number, each Bezirk and each Ortsteil opens the
// filtered list, which the search view exports as CSV. The table is one Tab stop with the
// arrow keys (grid_keys.js), as is the map (staff_map.js).
import { ApiError, getJson, toQuery, withSpinner } from './api.js';
import { loadBerlin } from './berlin_map.js';
import { BEZIRKE } from './berlin_names.js';
import { clear, h, message } from './dom.js';
import { gridKeys } from './grid_keys.js';
import { NEED_TYPES, formatEur, formatNumber, label, t } from './i18n.js';
import { mapTable } from './map_table.js';
import { legend, staffMap } from './staff_map.js';

async function coverage() {
  const [any, ...perNeed] = await Promise.all([
    // Any need: the "mit Bedarf" column, the open EUR (only money needs have any; the server
    // sums every match exactly) and the map's counts per Ortsteil, in one answer.
    getJson('/v1/search', { need: NEED_TYPES, facets: 'district,neighbourhood', sums: 'funding_gap_eur', per_page: 1 }),
    ...NEED_TYPES.map((need) => getJson('/v1/search', { need, facets: 'district', per_page: 1 }))]);
  const eur = any.facet_sums?.funding_gap_eur || {};
  return {
    counts: Object.fromEntries(NEED_TYPES.map((need, i) => [need, perNeed[i].facets.district || {}])),
    totals: Object.fromEntries(NEED_TYPES.map((need, i) => [need, perNeed[i].total])),
    any: any.facets.district || {}, anyTotal: any.total,
    eur: eur.district || {}, eurTotal: any.sums?.funding_gap_eur || 0,
    ortsteile: { counts: any.facets.neighbourhood || {}, eur: eur.neighbourhood || {} },
  };
}

export async function showStaff(main) {
  clear(main);
  const view = h('div', { class: 'view view-staff' }, h('h1', {}, t('staff.title')), h('p', {}, t('staff.intro')));
  main.append(view);
  let data;
  try {
    data = await withSpinner(coverage());
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    view.append(message(e.describe()));
    return;
  }
  const mapBox = h('figure', { class: 'staff-map' }, h('figcaption', { id: 'staff-map-title' }, t('staff.map')));
  view.append(h('div', { class: 'staff-body' }, coverageTable(data), mapBox),
    h('p', { class: 'hint', id: 'eur-note' }, t('staff.eurNote')),
    h('p', { class: 'hint' }, t('staff.edit')));
  try {
    const berlin = await loadBerlin();
    mapBox.append(staffMap(berlin, data.ortsteile, listUrl), legend(data.ortsteile.counts), h('p', { class: 'hint', id: 'staff-map-keys' }, t('staff.mapKeys')),
      mapTable(berlin, data.ortsteile, listUrl));
  } catch (e) {
    mapBox.append(h('p', { class: 'hint' }, e instanceof ApiError ? e.describe() : t('map.loadFailed')));
  }
}

function listUrl(params) {
  return `/?${toQuery(params)}`;
}

function coverageTable(data) {
  const cell = (n, district, need) => h('td', { 'data-district': district, 'data-need': need || 'any' },
    n ? h('a', { href: listUrl({ district, need: need || NEED_TYPES }), 'data-nav': 'search',
      'aria-label': t('staff.cellLabel', { n, district, need: need ? label('need', need) : t('staff.anyNeed') }) }, formatNumber(n)) : '0');
  // The title above the table, not its caption: a phone scrolls the table sideways, and a
  // caption is as wide as its table.
  return h('div', { class: 'coverage-box' }, h('h2', { id: 'coverage-title', class: 'table-title' }, t('staff.table')),
    h('div', { class: 'table-wrap' }, gridKeys(h('table', { class: 'coverage', id: 'coverage', 'aria-labelledby': 'coverage-title', 'aria-describedby': 'coverage-keys' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('staff.district')),
      NEED_TYPES.map((need) => h('th', { scope: 'col', 'data-need': need }, label('need', need))),
      h('th', { scope: 'col' }, t('staff.anyNeed')),
      h('th', { scope: 'col' }, t('staff.openEur')))),
    h('tbody', {}, BEZIRKE.map((district) => h('tr', { 'data-district': district },
      h('th', { scope: 'row' }, h('a', { href: listUrl({ district }), 'data-nav': 'search' }, district)),
      NEED_TYPES.map((need) => cell(data.counts[need][district] || 0, district, need)),
      cell(data.any[district] || 0, district, null),
      h('td', { class: 'eur', 'data-eur': data.eur[district] || 0 }, formatEur(data.eur[district] || 0))))),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, t('staff.total')),
      NEED_TYPES.map((need) => h('td', { 'data-need': need, 'data-total': data.totals[need] }, formatNumber(data.totals[need]))),
      h('td', { 'data-total': data.anyTotal }, formatNumber(data.anyTotal)),
      h('td', { class: 'eur', 'data-eur': data.eurTotal }, formatEur(data.eurTotal))))))),
    h('p', { class: 'hint', id: 'coverage-keys' }, t('staff.tableKeys')));
}
