// The search view's facet filters: per facet a fieldset of checkboxes with the API's exact
// counts, most first. A long list (the Ortsteile: up to 96) gets a box that narrows the list
// as one types ("Ortsteil suchen"), in the page and without a request. The focus, and what is
// typed in such a box, outlive each new answer's rendering.
import { clear, h } from './dom.js';
import { formatNumber, label, t } from './i18n.js';
import { FACETS } from './search_state.js';

const FIND_FROM = 13;  // values from which a list gets its find box

export class FacetList {
  // onToggle(facet, value, on): a box ticked or cleared.
  constructor(onToggle) {
    this.onToggle = onToggle;
    this.element = h('div', { class: 'facets' });
    this.find = {};  // facet → the text of its find box
  }

  // facets: the answer's `facets` (value → count); a chosen value the answer does not count
  // (a Kiez given as neighbourhood=…) is listed without a count.
  render(state, facets) {
    const active = document.activeElement;
    const focused = this.element.contains(active) ? active.id : null;
    const caret = focused && active.tagName === 'INPUT' && active.type === 'search' ? [active.selectionStart, active.selectionEnd] : null;
    clear(this.element);
    for (const name of FACETS) {
      const counts = facets[name] || {};
      const values = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b, 'de'));
      for (const v of state[name]) if (!values.includes(v)) values.push(v);
      if (!values.length) continue;
      const list = h('ul', { id: `facet-list-${name}` }, values.map((v) => {
        const id = `f-${name}-${v.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        return h('li', { 'data-value': v },
          h('input', { type: 'checkbox', id, value: v, checked: state[name].includes(v), onchange: (e) => this.onToggle(name, v, e.target.checked) }),
          h('label', { for: id }, label(name, v), v in counts ? [' ', h('span', { class: 'count', 'data-count': counts[v] }, `(${formatNumber(counts[v])})`)] : null));
      }));
      this.element.append(h('fieldset', { class: 'facet', 'data-facet': name },
        h('legend', { id: `facet-${name}` }, t(`facet.${name}`)),
        values.length >= FIND_FROM ? this.findBox(name, list) : null,
        list));
    }
    if (focused) {
      const el = document.getElementById(focused);
      el?.focus();
      if (el && caret) el.setSelectionRange(...caret);
    }
  }

  // A search field above a long list: shows only the values containing what is typed
  // (umlauts and case ignored); ticked values always stay.
  findBox(name, list) {
    const id = `facet-find-${name}`;
    const input = h('input', {
      type: 'search', id, class: 'facet-find', autocomplete: 'off', spellcheck: 'false', 'aria-controls': list.id,
      value: this.find[name] || '', oninput: () => { this.find[name] = input.value; narrow(); },
    });
    const status = h('p', { class: 'visually-hidden', role: 'status', id: `${id}-status` });
    const narrow = () => {
      const want = fold(input.value.trim());
      let shown = 0;
      for (const li of list.children) {
        const on = !want || fold(li.textContent).includes(want) || li.querySelector('input').checked;
        li.hidden = !on;
        if (on) shown += 1;
      }
      status.textContent = want ? t('facet.found', { n: formatNumber(shown) }) : '';
    };
    narrow();
    return h('div', { class: 'facet-find-box' }, h('label', { for: id, class: 'facet-find-label' }, findLabel(name)), input, status);
  }
}

function findLabel(name) {
  const key = `facet.find.${name}`;
  const text = t(key);
  return text === key ? t('facet.find') : text;
}

function fold(s) {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
}
