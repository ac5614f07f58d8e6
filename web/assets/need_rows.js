// The staff editor's list of needs, one fieldset per need as schemas/initiative.schema.json
// has it (type, description, amount_eur, raised_eur, quantity, hours): rows are added and
// removed, and numbered as the server names them (needs[0], needs[1], …) after each change.
import { clear, h } from './dom.js';
import { field } from './form_fields.js';
import { NEED_TYPES, label, t } from './i18n.js';

export const NEED_NUMBERS = [['amount_eur', 'edit.amount'], ['raised_eur', 'edit.raised'], ['quantity', 'edit.quantity'], ['hours', 'edit.hours']];
const NAMES = ['type', 'description', ...NEED_NUMBERS.map(([name]) => name)];

export class NeedRows {
  // onRemoved: called after a row is removed (the editor moves the focus).
  constructor(onRemoved) {
    this.onRemoved = onRemoved;
    this.element = h('div', { class: 'need-rows' });
  }

  // needs: the API's need objects, or the form's own values (strings).
  set(needs) {
    clear(this.element);
    for (const need of needs) this.add(need);
  }

  add(need = { type: 'money' }) {
    const row = h('fieldset', { class: 'need-row' });
    row.values = need;
    this.element.append(row);
    this.renumber();
    return row;
  }

  // The rows' values as strings, as typed.
  values() {
    return [...this.element.children].map(readRow);
  }

  renumber() {
    [...this.element.children].forEach((row, i) => {
      const values = row.values ?? readRow(row);
      row.values = null;
      clear(row);
      const id = (name) => `e-need-${i}-${name}`;
      const at = (name) => `needs[${i}].${name}`;
      row.append(
        h('legend', {}, t('edit.need', { n: i + 1 })),
        h('div', { class: 'need-head' },
          field(at('type'), t('edit.needType'), h('select', { id: id('type'), 'data-name': 'type', 'data-field': at('type') },
            NEED_TYPES.map((n) => h('option', { value: n }, label('need', n))))),
          field(at('description'), t('edit.needDescription'), h('input', { id: id('description'), type: 'text', dir: 'auto', 'data-name': 'description', 'data-field': at('description') }))),
        h('div', { class: 'numbers' }, NEED_NUMBERS.map(([name, text]) => field(at(name), t(text),
          h('input', { id: id(name), type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-name': name, 'data-field': at(name) })))),
        h('button', { type: 'button', class: 'remove-need', onclick: () => { row.remove(); this.renumber(); this.onRemoved(); } },
          t('edit.removeNeed', { n: i + 1 })));
      for (const name of NAMES) {
        const value = values[name];
        row.querySelector(`[data-name="${name}"]`).value = value === undefined || value === null ? '' : String(value);
      }
      if (!row.querySelector('select').value) row.querySelector('select').value = 'money';
    });
  }
}

function readRow(row) {
  return Object.fromEntries(NAMES.map((name) => [name, row.querySelector(`[data-name="${name}"]`)?.value ?? '']));
}
