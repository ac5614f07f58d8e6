// A list of rows that a form sends as an array (the company's offers, an initiative's
// needs): one fieldset per row, added and removed, numbered as the server names them
// (`offers[0]`, `needs[1]`, …) after each change. Numbering changes only ids, field names,
// labels, the legend and the remove button: a row keeps its elements, so what is typed in the
// other rows, a message from the server at one of their fields, a note beside one and the
// focus all stay where they are.
import { clear, h } from './dom.js';
import { describe } from './form_fields.js';

export class RowList {
  // path: the array's name in the body ('offers'); idPrefix: of the controls' ids
  // ('c-offer' → c-offer-1-hours); rowClass, removeClass: CSS classes; legend(n),
  // removeText(n): texts for row n (from 1); build(): the row's fields, each control with a
  // data-name (its field in the body) inside a field() of form_fields.js; onRemoved(index):
  // after the row at index was removed (the caller moves the focus and its notes).
  constructor({ path, idPrefix, rowClass, removeClass, legend, removeText, build, onRemoved }) {
    Object.assign(this, { path, idPrefix, rowClass, removeClass, legend, removeText, build, onRemoved });
    this.element = h('div', { class: `${rowClass}s` });
  }

  // rows: one object of values per row (numbers may be numbers or strings; missing: empty).
  set(rows) {
    clear(this.element);
    for (const values of rows) this.element.append(this.row(values));
    this.renumber();
  }

  // A new row at the end; returns it.
  add(values = {}) {
    const row = this.row(values);
    this.element.append(row);
    this.renumber();
    return row;
  }

  // The rows' values as strings, as typed.
  values() {
    return [...this.element.children].map((row) => Object.fromEntries(
      [...row.querySelectorAll('[data-name]')].map((c) => [c.dataset.name, c.value])));
  }

  row(values) {
    const row = h('fieldset', { class: this.rowClass },
      h('legend', {}),
      this.build(),
      h('button', { type: 'button', class: this.removeClass, onclick: () => this.remove(row) }));
    for (const control of row.querySelectorAll('[data-name]')) {
      const value = values[control.dataset.name];
      if (value !== undefined && value !== null && value !== '') control.value = String(value);
    }
    return row;
  }

  remove(row) {
    const index = [...this.element.children].indexOf(row);
    row.remove();
    this.renumber();
    this.onRemoved(index);
  }

  renumber() {
    [...this.element.children].forEach((row, i) => {
      row.querySelector('legend').textContent = this.legend(i + 1);
      row.querySelector(`.${this.removeClass}`).textContent = this.removeText(i + 1);
      for (const control of row.querySelectorAll('[data-name]')) {
        const name = control.dataset.name;
        const path = `${this.path}[${i}].${name}`;
        const box = control.closest('.field');
        const slot = box.querySelector('.field-error');
        control.id = `${this.idPrefix}-${i}-${name}`;
        control.dataset.field = path;
        box.querySelector('label').htmlFor = control.id;
        slot.id = `err-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        slot.dataset.for = path;
        describe(control);
      }
    });
  }
}
