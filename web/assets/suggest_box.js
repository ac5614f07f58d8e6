// The search box's suggestions (/v1/suggest) as an ARIA 1.2 combobox: typing asks for
// suggestions (a newer keystroke aborts the older request), ArrowDown/ArrowUp move through
// them, Enter takes the active one, Escape closes the list.
import { ApiError, getJson } from './api.js';
import { h, clear } from './dom.js';
import { formatNumber, t } from './i18n.js';

export class SuggestBox {
  // input: the <input role=combobox>; list: the <ul role=listbox>; onChoose(text) for a
  // suggested query, onOpen(id) for a suggested initiative; filters() gives the filters to
  // count under.
  constructor(input, list, { onChoose, onOpen, filters }) {
    this.input = input;
    this.list = list;
    this.onChoose = onChoose;
    this.onOpen = onOpen;
    this.filters = filters;
    this.items = [];
    this.active = -1;
    this.controller = null;
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  // Called on each input event with the box's text.
  async update(text) {
    this.controller?.abort();
    if (!text.trim()) { this.close(); return; }
    this.controller = new AbortController();
    try {
      const res = await getJson('/v1/suggest', { q: text, limit: 6, ...this.filters() }, this.controller.signal);
      if (res.q !== this.input.value) return;  // the box changed meanwhile
      this.show(res);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (!e.aborted) this.close();  // suggestions are a help: the results show the error
    }
  }

  show(res) {
    this.items = [
      ...res.suggestions.map((s) => ({ kind: 'query', text: s.text, count: s.count })),
      ...res.initiatives.map((i) => ({ kind: 'initiative', text: i.title, id: i.id, place: i.neighbourhood || i.district })),
    ];
    this.active = -1;
    clear(this.list);
    this.items.forEach((item, i) => {
      const note = item.kind === 'query' ? t('search.suggestCount', { n: formatNumber(item.count) })
        : `${t('search.initiative')}${item.place ? ` · ${item.place}` : ''}`;
      this.list.append(h('li', {
        id: `suggest-${i}`, role: 'option', class: `suggestion suggestion-${item.kind}`, 'aria-selected': 'false',
        onmousedown: (e) => { e.preventDefault(); this.take(i); },
      }, h('span', { class: 'suggestion-text', dir: 'auto' }, item.text), h('span', { class: 'suggestion-note' }, note)));
    });
    const open = this.items.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.input.removeAttribute('aria-activedescendant');
  }

  close() {
    this.controller?.abort();
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    clear(this.list);
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  get isOpen() { return !this.list.hidden && this.items.length > 0; }

  move(delta) {
    if (!this.isOpen) return;
    const n = this.items.length;
    this.active = this.active < 0 && delta < 0 ? n - 1 : (this.active + delta + n) % n;
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
    this.input.setAttribute('aria-activedescendant', `suggest-${this.active}`);
    this.list.children[this.active].scrollIntoView({ block: 'nearest' });
  }

  take(i) {
    const item = this.items[i];
    this.close();
    if (!item) return;
    if (item.kind === 'initiative') this.onOpen(item.id);
    else { this.input.value = item.text; this.onChoose(item.text); }
  }

  onKey(e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); this.move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.move(-1); }
    else if (e.key === 'Escape') { if (this.isOpen) { e.preventDefault(); this.close(); } }
    else if (e.key === 'Enter' && this.isOpen && this.active >= 0) { e.preventDefault(); this.take(this.active); }
  }
}
