// The staff editor's list of needs, one fieldset per need as schemas/initiative.schema.json
// has it (type, description, amount_eur, raised_eur, quantity, hours): rows are added and
// removed, and numbered as the server names them (needs[0], needs[1], …) after each change.
// Numbering changes only ids, names and labels: a row keeps its elements, so what is typed in
// the other rows, a message from the server at one of their fields and the focus all stay.
import { clear, h } from './dom.js';
import { describe, field } from './form_fields.js';
import { NEED_TYPES, label, t } from './i18n.js';

export const NEED_NUMBERS = [['amount_eur', 'edit.amount'], ['raised_eur', 'edit.raised'], ['quantity', 'edit.quantity'], ['hours', 'edit.hours']];
const NAMES = ['type', 'description', ...NEED_NUMBERS.map(([name]) => name)];

export class NeedRows {
  // onRemoved(index): called after the row at index was removed (the editor moves the focus
  // and the notes about later rows).
  constructor(onRemoved) {
    this.onRemoved = onRemoved;
    this.element = h('div', { class: 'need-rows' });
  }

  // needs: the API's need objects, or the form's own values (strings).
  set(needs) {
    clear(this.element);
    for (const need of needs) this.element.append(this.row(need));
    this.renumber();
  }

  // A new row at the end; returns it.
  add(need = { type: 'money' }) {
    const row = this.row(need);
    this.element.append(row);
    this.renumber();
    return row;
  }

  // The rows' values as strings, as typed.
  values() {
    return [...this.element.children].map(readRow);
  }

  row(need) {
    // Ids, field names and numbers come from renumber().
    const row = h('fieldset', { class: 'need-row' },
      h('legend', {}),
      h('div', { class: 'need-head' },
        field('', t('edit.needType'), h('select', { 'data-name': 'type' }, NEED_TYPES.map((n) => h('option', { value: n }, label('need', n))))),
        field('', t('edit.needDescription'), h('input', { type: 'text', dir: 'auto', 'data-name': 'description' }))),
      h('div', { class: 'numbers' }, NEED_NUMBERS.map(([name, text]) => field('', t(text),
        h('input', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-name': name })))),
      h('button', { type: 'button', class: 'remove-need', onclick: () => this.remove(row) }));
    for (const name of NAMES) {
      const value = need[name];
      row.querySelector(`[data-name="${name}"]`).value = value === undefined || value === null ? '' : String(value);
    }
    const type = row.querySelector('select');
    if (!type.value) type.value = 'money';
    return row;
  }

  remove(row) {
    const index = [...this.element.children].indexOf(row);
    row.remove();
    this.renumber();
    this.onRemoved(index);
  }

  // Gives each row's legend, controls, labels, message slots and remove button the number of
  // its place.
  renumber() {
    [...this.element.children].forEach((row, i) => {
      row.querySelector('legend').textContent = t('edit.need', { n: i + 1 });
      row.querySelector('.remove-need').textContent = t('edit.removeNeed', { n: i + 1 });
      for (const control of row.querySelectorAll('[data-name]')) {
        const name = control.dataset.name;
        const path = `needs[${i}].${name}`;
        const slot = control.parentElement.querySelector('.field-error');
        control.id = `e-need-${i}-${name}`;
        control.dataset.field = path;
        control.parentElement.querySelector('label').htmlFor = control.id;
        slot.id = `err-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        slot.dataset.for = path;
        describe(control);
      }
    });
  }
}

function readRow(row) {
  return Object.fromEntries(NAMES.map((name) => [name, row.querySelector(`[data-name="${name}"]`)?.value ?? '']));
}
