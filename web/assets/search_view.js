// The search view (the page's default): the search box with suggestions, facet filters with
// their counts, near a place with a radius, sorting, paging, CSV export. The URL holds the
// whole state; typing replaces the history entry, a finished search (Enter, a suggestion, a
// filter, a page) adds one, so the back button steps through searches.
import { activeFilters } from './active_filters.js';
import { ApiError, getJson, withSpinner } from './api.js';
import { clear, h, message } from './dom.js';
import { downloadCsv } from './csv_export.js';
import { formatNumber, pick, t } from './i18n.js';
import { FacetList } from './facet_list.js';
import { hitCard } from './hit_card.js';
import { FACETS, searchParams, stateFromUrl, urlOf } from './search_state.js';
import { SuggestBox } from './suggest_box.js';

const SORTS = ['relevance', 'newest', 'distance', 'funding_gap'];
const RADII = ['', '0.5', '1', '2', '5', '10'];
const MODES = ['lexical', 'hybrid'];

// The search, and for each facet with a value chosen, that facet's counts without its own
// filter (in parallel): the other districts stay visible with the number each would add,
// since values of one parameter are OR-ed. Every count is still the API's exact count.
async function searchWithFacets(state, typing, signal) {
  const chosen = FACETS.filter((f) => state[f].length);
  const [res, ...others] = await Promise.all([
    getJson('/v1/search', searchParams(state, { typing }), signal),
    ...chosen.map((f) => getJson('/v1/search',
      { ...searchParams({ ...state, [f]: [] }, { typing, page: 1, perPage: 1, facets: false }), facets: f }, signal)),
  ]);
  chosen.forEach((f, i) => { res.facets[f] = others[i].facets[f] || {}; });
  return res;
}

export class SearchView {
  constructor(main, navigate) {
    this.main = main;
    this.navigate = navigate;  // navigate(url) opens another view
    this.state = stateFromUrl('');
    this.controller = null;
    this.last = null;  // the last answer, for re-rendering in another language
  }

  // Shows the view for location.search; `typing`: the box's text is still changing.
  show(search, { typing = false, keepFocus = false } = {}) {
    this.state = stateFromUrl(search);
    if (!this.root || !this.main.contains(this.root)) this.build();
    if (!keepFocus) this.input.value = this.state.q;
    this.syncControls();
    return this.run({ typing });
  }

  build() {
    clear(this.main);
    this.input = h('input', {
      id: 'q', type: 'search', name: 'q', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'suggestions',
      'aria-describedby': 'q-hint', placeholder: t('search.placeholder'), dir: 'auto',
    });
    const list = h('ul', { id: 'suggestions', role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': t('search.suggestions') });
    this.suggest = new SuggestBox(this.input, list, {
      onChoose: (text) => this.commit({ q: text }),
      onOpen: (id) => this.navigate(`/initiative/${encodeURIComponent(id)}`),
      // The suggestions' counts under the same filters as the list.
      filters: () => Object.fromEntries(FACETS.map((f) => [f, this.state[f]])),
    });
    this.input.addEventListener('input', () => this.onType());
    const form = h('form', { role: 'search', class: 'search-form', onsubmit: (e) => { e.preventDefault(); this.suggest.close(); this.commit({ q: this.input.value }); } },
      h('label', { for: 'q', class: 'search-label' }, t('search.label')),
      h('div', { class: 'search-row' },
        h('div', { class: 'combo' }, this.input, list),
        h('button', { type: 'submit' }, t('search.submit'))),
      h('p', { id: 'q-hint', class: 'hint' }, t('search.hint')));

    this.near = h('input', { id: 'near', name: 'near', type: 'text', autocomplete: 'postal-code' });
    this.radius = h('select', { id: 'radius', name: 'radius_km' },
      RADII.map((r) => h('option', { value: r }, r ? `${formatNumber(Number(r), 1)} km` : t('radius.any'))));
    this.mode = h('select', { id: 'mode', name: 'mode', onchange: () => this.commit({ mode: this.mode.value === 'lexical' ? '' : this.mode.value }) },
      MODES.map((m) => h('option', { value: m }, t(`mode.${m}`))));
    this.sort = h('select', { id: 'sort', name: 'sort', onchange: () => this.commit({ sort: this.sort.value }) },
      SORTS.map((s) => h('option', { value: s }, t(`sort.${s}`))));
    const nearForm = h('form', { class: 'near-form', onsubmit: (e) => { e.preventDefault(); this.commit({ near: this.near.value.trim(), radius_km: this.radius.value }); } },
      h('label', { for: 'near' }, t('search.near')), this.near,
      h('label', { for: 'radius' }, t('search.radius')), this.radius,
      h('button', { type: 'submit' }, t('search.apply')));
    this.facets = new FacetList((facet, value, on) => this.toggle(facet, value, on));
    this.chips = h('div', { class: 'chips-area' });
    this.notes = h('div', { class: 'notes', 'aria-live': 'polite' });
    this.results = h('div', { class: 'results', id: 'results' });
    // The number found, read out by screen readers (the list itself is not a live region).
    this.announcer = h('p', { class: 'visually-hidden', role: 'status', id: 'result-status' });
    this.root = h('div', { class: 'view view-search' },
      h('h1', {}, t('search.title')),
      form,
      h('div', { class: 'search-body' },
        h('aside', { class: 'filters', 'aria-labelledby': 'filters-title' },
          // Folded on a phone, so that the results are not below a screen of filters.
          h('details', { class: 'filters-fold', open: !matchMedia('(max-width: 600px)').matches },
            h('summary', {}, h('h2', { id: 'filters-title' }, t('search.filters'))),
            nearForm,
            h('div', { class: 'sort-row' }, h('label', { for: 'sort' }, t('search.sort')), this.sort),
            h('div', { class: 'sort-row' }, h('label', { for: 'mode' }, t('search.mode')), this.mode),
            this.facets.element,
            h('button', { type: 'button', class: 'link-button', id: 'reset', onclick: () => this.resetFilters() }, t('search.reset')))),
        h('section', { class: 'result-area', 'aria-labelledby': 'results-title' },
          h('h2', { id: 'results-title', class: 'visually-hidden' }, t('search.results')),
          this.announcer, this.chips, this.notes, this.results)));
    this.main.append(this.root);
  }

  syncControls() {
    this.near.value = this.state.near;
    this.radius.value = RADII.includes(this.state.radius_km) ? this.state.radius_km : '';
    this.sort.value = this.state.sort || 'relevance';
    // Distance needs a place to measure from.
    const distance = this.sort.querySelector('option[value="distance"]');
    distance.disabled = !this.state.near && this.state.sort !== 'distance';
    distance.textContent = t(distance.disabled ? 'sort.distanceNeedsNear' : 'sort.distance');
    this.mode.value = this.state.mode === 'hybrid' ? 'hybrid' : 'lexical';
  }

  onType() {
    const q = this.input.value;
    this.suggest.update(q);
    this.state = { ...this.state, q, page: 1 };
    history.replaceState(null, '', urlOf(this.state));
    this.run({ typing: true });
  }

  // A finished change: a new history entry, page 1 unless the change is the page.
  commit(change) {
    const next = { ...this.state, page: 1, ...change };
    if (next.sort === 'relevance' || (next.sort === 'distance' && !next.near)) next.sort = '';
    history.pushState(null, '', urlOf(next));
    this.state = next;
    this.syncControls();
    return this.run({ typing: false });
  }

  // Every filter and the place go; the words searched for, the order and the mode stay.
  resetFilters() {
    this.commit({ ...Object.fromEntries(FACETS.map((f) => [f, []])), near: '', radius_km: '' });
  }

  toggle(facet, value, on) {
    const values = this.state[facet].filter((v) => v !== value);
    if (on) values.push(value);
    this.commit({ [facet]: values });
  }

  async run({ typing }) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const state = this.state;
    try {
      const res = await withSpinner(searchWithFacets(state, typing, controller.signal));
      if (controller !== this.controller) return;
      this.last = { state, res };
      this.render(state, res);
      this.announce(this.countText(res), typing);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.aborted || controller !== this.controller) return;
      this.last = null;
      this.renderChips(state);  // a bad filter can be taken away where it is named
      clear(this.notes);
      // Trying again helps when the server was unreachable or busy, not when it refused a value
      // (the filter buttons above take a bad one away).
      const retry = e.kind === 'network' || e.status >= 500 || e.status === 429;
      clear(this.results).append(message(e.describe(), 'error',
        retry ? h('button', { type: 'button', onclick: () => this.run({ typing: false }) }, t('error.retry')) : null));
    } finally {
      if (controller === this.controller) document.dispatchEvent(new CustomEvent('hilfsnetz:results', { detail: { q: state.q } }));
    }
  }

  // A finished search is announced at once; while typing, once the typing has paused.
  announce(text, typing) {
    clearTimeout(this.announceTimer);
    const say = () => { this.announcer.textContent = text; };
    if (typing) this.announceTimer = setTimeout(say, 1000);
    else say();
  }

  countText(res) {
    return res.total === 1 ? t('search.totalOne')
      : t(res.total_exact ? 'search.total' : 'search.totalAbout', { n: formatNumber(res.total) });
  }

  rerender() {
    if (!this.root) return;
    const q = this.input?.value;
    this.root = null;
    this.build();
    this.input.value = q ?? this.state.q;
    this.syncControls();
    if (this.last) this.render(this.last.state, this.last.res);
    else this.run({ typing: false });
  }

  render(state, res) {
    this.renderChips(state);
    this.renderNotes(res);
    this.facets.render(state, res.facets || {});
    clear(this.results);
    const count = this.countText(res);
    this.results.append(h('div', { class: 'result-head' },
      h('p', { class: 'total', id: 'total', 'data-total': res.total }, count),
      res.total > 0 ? h('button', { type: 'button', class: 'link-button', id: 'csv', onclick: () => this.exportCsv() }, t('search.csv')) : null));
    if (res.hits.length === 0 && res.total > 0) {
      // A page past the end (an old link): say so, and offer the first page.
      this.results.append(message(t('search.pastEnd'), 'info',
        h('button', { type: 'button', id: 'first-page', onclick: () => this.commit({ page: 1 }) }, t('search.firstPage'))));
      return;
    }
    if (res.hits.length === 0) {
      this.results.append(message(t('search.empty'), 'info'));
      return;
    }
    this.results.append(h('ol', { class: 'hits', start: (res.page - 1) * res.per_page + 1 }, res.hits.map(hitCard)));
    const pager = this.pager(res);
    if (pager) this.results.append(pager);
  }

  renderNotes(res) {
    clear(this.notes);
    const expanded = res.query?.expanded || [];
    if (expanded.length) {
      this.notes.append(h('p', { class: 'note note-expanded', id: 'expanded' }, t('search.expanded', { words: expanded.join(', ') })));
    }
    if (res.did_you_mean) {
      this.notes.append(h('p', { class: 'note' }, t('search.didYouMean'),
        h('a', { href: urlOf({ ...this.state, q: res.did_you_mean, page: 1 }), dir: 'auto', onclick: (e) => { e.preventDefault(); this.input.value = res.did_you_mean; this.commit({ q: res.did_you_mean }); } }, res.did_you_mean)));
    }
    for (const n of res.notices || []) this.notes.append(h('p', { class: 'note' }, pick(n)));
  }

  // The filters of the search, each a button that removes it; the focus then goes to the next
  // one (or the search box when none is left), not to the top of the page.
  renderChips(state) {
    const focusAt = this.chipFocus;
    this.chipFocus = null;
    const row = activeFilters(state, (change) => {
      this.chipFocus = [...this.chips.querySelectorAll('button')].indexOf(document.activeElement);
      this.commit(change);
    });
    clear(this.chips);
    if (row) this.chips.append(row);
    if (focusAt === null || focusAt === undefined || focusAt < 0) return;
    const buttons = [...this.chips.querySelectorAll('button')];
    (buttons[Math.min(focusAt, buttons.length - 1)] || this.input).focus();
  }

  pager(res) {
    const pages = Math.max(1, Math.ceil(Math.min(res.total, 1000 * res.per_page) / res.per_page));
    if (pages <= 1) return null;
    return h('nav', { class: 'pager', 'aria-label': t('search.pages') },
      h('button', { type: 'button', id: 'prev', disabled: res.page <= 1, onclick: () => this.commit({ page: res.page - 1 }) }, t('search.prev')),
      h('span', { id: 'page-of' }, t('search.page', { page: res.page, pages })),
      h('button', { type: 'button', id: 'next', disabled: res.page >= pages, onclick: () => this.commit({ page: res.page + 1 }) }, t('search.next')));
  }

  async exportCsv() {
    const state = this.state;
    try {
      const rows = await withSpinner(downloadCsv((page) => getJson('/v1/search', searchParams(state, { page, perPage: 100, facets: false }))));
      this.notes.append(h('p', { class: 'note', role: 'status' }, t('search.csvDone', { n: formatNumber(rows) })));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.notes.append(message(`${t('csv.failed')} ${e.describe()}`));
    }
  }
}

