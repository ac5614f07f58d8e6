// Labelled form fields with a slot for the server's message about them, shared by the company
// form and the staff editor. The server names a field by its path in the body
// (`offers[0].hours`, `needs[1].raised_eur`); a slot's data-for is that path.
import { h } from './dom.js';
import { uiLanguage } from './i18n.js';

export function field(name, text, control) {
  return h('div', { class: 'field' },
    h('label', { for: control.id }, text), control, errorSlot(name, control));
}

export function errorSlot(name, control = null) {
  const id = `err-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (control) control.setAttribute('aria-describedby', id);
  return h('p', { class: 'field-error', id, 'data-for': name, hidden: true });
}

// A control's aria-describedby: the message slot of its field and, where there is one, the
// note beside it (the stored value after a 412, record_editor.js).
export function describe(control) {
  const box = control.closest('.field');
  const ids = box ? [...box.querySelectorAll('.field-error, .theirs')].map((el) => el.id).filter(Boolean) : [];
  if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
  else control.removeAttribute('aria-describedby');
}

export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) { el.textContent = ''; el.hidden = true; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Puts each problem of an RFC 9457 answer (`errors[]`, else its `parameter`) at the field it
// names, or at the nearest enclosing one ("offers[1]" → the offers group). Returns the texts
// no slot took and the first control (or slot) to focus.
export function placeProblems(form, problem) {
  const list = problem.errors?.length ? problem.errors
    : [{ field: problem.parameter || '', detail: problem.detail, detail_de: problem.detail_de }];
  const unplaced = [];
  let first = null;
  for (const p of list) {
    const text = uiLanguage() === 'en' ? p.detail : p.detail_de || p.detail;
    const slot = slotFor(form, p.field || '');
    if (!slot) { unplaced.push(text); continue; }
    slot.hidden = false;
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    const input = form.querySelector(`[data-field="${CSS.escape(slot.dataset.for)}"]`);
    const control = input?.matches('input, select, textarea') ? input : null;
    if (control) control.setAttribute('aria-invalid', 'true');
    first ??= control || slot;
  }
  return { unplaced, first };
}

function slotFor(form, fieldPath) {
  let path = fieldPath;
  while (path) {
    const slot = form.querySelector(`.field-error[data-for="${CSS.escape(path)}"]`);
    if (slot) return slot;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}
