// The staff map's numbers as a table, below the map in a <details> that starts closed: per
// Ortsteil (grouped by Bezirk, in the map's order) the initiatives with an open need and
// their open EUR, each Ortsteil a link to its list. It is the map's text alternative: a
// screen reader reads it by row and column, and meets its 96 links only when it is opened.
import { BEZIRKE } from './berlin_names.js';
import { h } from './dom.js';
import { NEED_TYPES, formatEur, formatNumber, t } from './i18n.js';

// berlin, counts, eur, listUrl: as for staffMap() (staff_map.js). → details#staff-map-table.
export function mapTable(berlin, { counts, eur }, listUrl) {
  const areas = BEZIRKE.flatMap((district) => berlin.areas.filter((a) => a.district === district));
  return h('details', { class: 'map-table', id: 'staff-map-table' },
    h('summary', { id: 'staff-map-table-title' }, t('staff.mapTable', { n: formatNumber(areas.length) })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'ortsteile', 'aria-labelledby': 'staff-map-table-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('staff.ortsteil')),
        h('th', { scope: 'col' }, t('staff.district')),
        h('th', { scope: 'col' }, t('staff.initiatives')),
        h('th', { scope: 'col' }, t('staff.openEur')))),
      h('tbody', {}, areas.map((area) => h('tr', { 'data-neighbourhood': area.name },
        h('th', { scope: 'row' }, h('a', { href: listUrl({ neighbourhood: area.name, need: NEED_TYPES }), 'data-nav': 'search' }, area.name)),
        h('td', {}, area.district),
        h('td', { 'data-count': counts[area.name] || 0 }, formatNumber(counts[area.name] || 0)),
        h('td', { class: 'eur', 'data-eur': eur[area.name] || 0 }, formatEur(eur[area.name] || 0))))))));
}
