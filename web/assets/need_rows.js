// The staff editor's list of needs, one row per need as schemas/initiative.schema.json has it
// (type, description, amount_eur, raised_eur, quantity, hours), as a RowList (row_list.js):
// rows added and removed keep what is typed in the others.
import { field } from './form_fields.js';
import { h } from './dom.js';
import { NEED_TYPES, label, t } from './i18n.js';
import { RowList } from './row_list.js';

export const NEED_NUMBERS = [['amount_eur', 'edit.amount'], ['raised_eur', 'edit.raised'], ['quantity', 'edit.quantity'], ['hours', 'edit.hours']];

// onRemoved(index): after the row at index was removed.
export function needRows(onRemoved) {
  return new RowList({
    path: 'needs', idPrefix: 'e-need', rowClass: 'need-row', removeClass: 'remove-need',
    legend: (n) => t('edit.need', { n }), removeText: (n) => t('edit.removeNeed', { n }), onRemoved,
    // Ids, field names and numbers come from RowList.renumber().
    build: () => [
      h('div', { class: 'need-head' },
        field('', t('edit.needType'), h('select', { 'data-name': 'type' }, NEED_TYPES.map((n) => h('option', { value: n }, label('need', n))))),
        field('', t('edit.needDescription'), h('input', { type: 'text', dir: 'auto', 'data-name': 'description' }))),
      h('div', { class: 'numbers' }, NEED_NUMBERS.map(([name, text]) => field('', t(text),
        h('input', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-name': name })))),
    ],
  });
}
