// The filters a search has, as a row of buttons above the results ("Ortsteil: Kreuzberg ✕"),
// each of which removes its filter: on a phone the filter list is folded away, and a list
// opened from the staff map's Ortsteil or table cell should say what it is narrowed to.
import { h } from './dom.js';
import { formatNumber, label, t } from './i18n.js';
import { FACETS } from './search_state.js';

// state: the search state; remove(change): the new state's change ({district: [...]}, …).
// → an element, or null when the search has no filter.
export function activeFilters(state, remove) {
  const chips = [];
  for (const name of FACETS) {
    for (const value of state[name]) {
      chips.push(chip(`${name}=${value}`, t(`facet.${name}`), label(name, value), () => remove({ [name]: state[name].filter((v) => v !== value) })));
    }
  }
  if (state.near) {
    const km = state.radius_km ? ` (${formatNumber(Number(state.radius_km), 1)} km)` : '';
    chips.push(chip('near', t('filters.near'), `${state.near}${km}`, () => remove({ near: '', radius_km: '' })));
  }
  if (!chips.length) return null;
  return h('div', { class: 'active-filters', id: 'active-filters' },
    h('span', { class: 'active-filters-title', id: 'active-filters-title' }, t('filters.active')),
    h('ul', { 'aria-labelledby': 'active-filters-title' }, chips));
}

// "Ortsteil: Kreuzberg ×", read as "Filter entfernen: Ortsteil Kreuzberg".
function chip(key, kind, value, onRemove) {
  return h('li', {},
    h('button', { type: 'button', class: 'chip-remove', 'data-filter': key, 'aria-label': t('filters.remove', { filter: `${kind} ${value}` }), onclick: onRemove },
      h('span', {}, `${kind}: `, h('bdi', {}, value)), h('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×')));
}
