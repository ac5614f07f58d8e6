// "Bearbeiten (Personal)" on an initiative's page: a staff member enters a write key (kept in
// sessionStorage only, staff_key.js), edits the needs, what each has raised and the status,
// and saves: a PATCH with If-Match = the version the page loaded, so a record someone else
// changed meanwhile is not overwritten (412). Every answer is a sentence in the page language:
// saved, changed meanwhile (with a way to load the current version, onto which what was typed
// is put again, the other person's differing values shown beside it), key refused or
// read-only, a field the server refuses (at that field), no connection. Never the raw answer.
import { ApiError, patchJson, withSpinner } from './api.js';
import { clear, h, message } from './dom.js';
import { clearFieldErrors, describe, errorSlot, field, placeProblems } from './form_fields.js';
import { formatEur, formatNumber, label, t } from './i18n.js';
import { needRows } from './need_rows.js';
import { formValues, mergePatch, needsFromForm, rebase } from './record_patch.js';
import { forgetStaffKey, rememberStaffKey, staffKey } from './staff_key.js';

const STATUSES = ['active', 'paused', 'completed'];
// Per initiative, what outlives a new rendering of its page (the language switch, a reload
// after 412): whether the editor is open, a note to show, and unsaved values together with
// the record and version they were made against (so If-Match still guards them); after a 412,
// what was typed and on which version (`rebase`) until the reloaded editor has put it onto the
// new one, then the stored values that differ from what was typed (`conflicts`).
const kept = new Map();

export class RecordEditor {
  // record, etag: as GET gave them. onSaved(record): show the stored record. onReload(): load
  // the record again and show the page anew.
  constructor({ record, etag, onSaved, onReload }) {
    const k = kept.get(record.id) || {};
    this.id = record.id;
    this.record = k.values ? k.record : record;
    this.etag = k.values ? k.etag : etag;
    this.onSaved = onSaved;
    this.onReload = onReload;
    this.saving = false;
    this.toggle = h('button', {
      type: 'button', id: 'edit-toggle', class: 'edit-toggle', 'aria-expanded': 'false', 'aria-controls': 'edit-panel',
      onclick: () => this.setOpen(this.panel.hidden),
    }, t('edit.open'));
    this.panel = h('div', { id: 'edit-panel', class: 'edit-panel', hidden: true });
    this.element = h('section', { class: 'staff-edit', 'aria-label': t('edit.title') }, this.toggle, this.panel);
    this.conflicts = [];
    if (k.open) this.setOpen(true, false);
    const notice = kept.get(record.id)?.notice;
    if (notice && this.messages) {
      this.say(t(notice), 'info');
      this.keep({ notice: null });
    }
  }

  // Called once the editor is in the page: a note from before the new rendering takes the
  // focus.
  shown() {
    if (!this.panel.hidden && this.messages?.firstChild) this.messages.firstChild.focus();
  }

  setOpen(open, moveFocus = true) {
    if (open && !this.form) this.build();
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.keep({ open });
    if (open && moveFocus) (this.panel.querySelector('#e-key') || this.status).focus();
  }

  build() {
    this.keyBox = h('div', { class: 'key-box' });
    this.messages = h('div', { class: 'edit-message' });
    this.status = h('select', { id: 'e-status', 'data-field': 'status' }, STATUSES.map((s) => h('option', { value: s }, label('status', s))));
    this.needs = needRows((removed) => {
      this.form.querySelector('#add-need').focus();
      this.rowsChanged(removed);
    });
    this.form = h('form', {
      class: 'edit-form', novalidate: true,
      onsubmit: (e) => { e.preventDefault(); this.save(); },
      oninput: () => this.keep({ values: this.values() }),
      onchange: () => this.keep({ values: this.values() }),
    },
    this.messages,
    field('status', t('edit.status'), this.status),
    h('fieldset', { class: 'group', 'data-field': 'needs' },
      h('legend', {}, t('edit.needs')),
      this.needs.element,
      errorSlot('needs'),
      h('button', { type: 'button', id: 'add-need', class: 'secondary', onclick: () => { this.needs.add().querySelector('select').focus(); this.rowsChanged(); } },
        t('edit.addNeed'))),
    h('div', { class: 'edit-actions' },
      h('button', { type: 'submit', id: 'e-save' }, t('edit.save')),
      h('button', { type: 'button', id: 'e-cancel', class: 'secondary', onclick: () => this.cancel() }, t('edit.cancel'))));
    this.panel.append(h('h2', { id: 'edit-title', tabindex: -1 }, t('edit.title')), h('p', { class: 'hint' }, t('edit.intro')), this.keyBox, this.form);
    this.renderKeyBox();
    const k = kept.get(this.id) || {};
    if (k.rebase) {
      // Reloaded after a 412: what was typed, put onto the version stored meanwhile.
      const { values, conflicts } = rebase(k.rebase.base, k.rebase.mine, formValues(this.record));
      this.fill(values);
      this.keep({ rebase: null, values, conflicts, notice: conflicts.length ? 'edit.reloadedConflicts' : 'edit.reloaded' });
      this.showConflicts(conflicts);
    } else {
      this.fill(k.values || this.record);
      this.showConflicts(k.conflicts || []);
    }
  }

  // Beside each field where someone else stored a different value than the one typed: that
  // value, and a button that takes it.
  showConflicts(conflicts) {
    for (const el of this.form.querySelectorAll('.theirs')) el.remove();
    this.conflicts = conflicts;
    for (const c of conflicts) {
      const id = `theirs-${c.field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const take = h('button', { type: 'button', class: 'secondary', id: `take-${id}`, onclick: () => this.takeTheirs(c) },
        t(c.field === 'needs' ? 'edit.takeTheirsNeeds' : 'edit.takeTheirs'));
      const note = h('p', { class: 'theirs', id, 'data-for': c.field },
        c.field === 'needs' ? t('edit.theirsNeeds') : t('edit.theirs', { value: this.display(c) }), ' ', take);
      if (c.field === 'needs') {
        this.form.querySelector('fieldset[data-field="needs"] > legend').after(note);
        continue;
      }
      const control = this.form.querySelector(`[data-field="${CSS.escape(c.field)}"]`);
      if (!control) continue;
      control.closest('.field').append(note);
    }
    for (const control of this.form.querySelectorAll('[data-field]')) if (control.matches('input, select')) describe(control);
  }

  // A stored value as the form would show it: labels for codes, "(leer)" for nothing.
  display({ field: name, theirs }) {
    if (String(theirs).trim() === '') return t('edit.empty');
    if (name === 'status') return label('status', theirs);
    if (name.endsWith('.type')) return label('need', theirs);
    const n = Number(theirs);
    if (/_eur$/.test(name) && Number.isFinite(n)) return formatEur(n);
    if (/\.(quantity|hours)$/.test(name) && Number.isFinite(n)) return formatNumber(n, 2);
    return String(theirs);
  }

  takeTheirs(conflict) {
    let focus;
    if (conflict.field === 'needs') {
      this.needs.set(conflict.theirs);
      focus = this.form.querySelector('#add-need');
    } else {
      focus = this.form.querySelector(`[data-field="${CSS.escape(conflict.field)}"]`);
      focus.value = conflict.theirs;
    }
    this.keep({ values: this.values() });
    this.setConflicts(this.conflicts.filter((c) => c !== conflict));
    focus.focus();
  }

  setConflicts(conflicts) {
    this.keep({ conflicts });
    this.showConflicts(conflicts);
  }

  // A row added (at the end) or removed (`removed`: its index): the notes about the removed
  // row go, those about later rows move up with their rows.
  rowsChanged(removed = null) {
    const conflicts = [];
    for (const c of this.conflicts) {
      const m = /^needs\[(\d+)\]\.(\w+)$/.exec(c.field);
      const i = m ? Number(m[1]) : -1;
      if (removed === null || i < removed) conflicts.push(c);
      else if (i > removed) conflicts.push({ ...c, field: `needs[${i - 1}].${m[2]}` });
    }
    this.keep({ values: this.values() });
    this.setConflicts(conflicts);
  }

  // values: a record, or the form's own values ({status, needs} as strings).
  fill(values) {
    this.status.value = values.status || 'active';
    this.needs.set(values.needs || []);
  }

  values() {
    return { status: this.status.value, needs: this.needs.values() };
  }

  keep(change) {
    kept.set(this.id, { ...(kept.get(this.id) || {}), record: this.record, etag: this.etag, ...change });
  }

  // The key's part of the panel: a field to enter it, or the note that one is kept with
  // "Schlüssel vergessen".
  renderKeyBox(note = '') {
    clear(this.keyBox);
    if (staffKey()) {
      this.keyBox.append(h('p', { class: 'key-state' }, t('edit.keyKept'), ' ',
        h('button', { type: 'button', id: 'forget-key', class: 'secondary', onclick: () => this.forget() }, t('edit.forgetKey'))));
      return;
    }
    const input = h('input', { id: 'e-key', type: 'password', autocomplete: 'off', spellcheck: 'false', 'data-field': 'key' });
    const keyForm = h('form', { class: 'key-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.useKey(input.value.trim()); } },
      field('key', t('edit.key'), input),
      h('p', { class: 'hint', id: 'e-key-hint' }, t('edit.keyHint')),
      h('button', { type: 'submit', id: 'e-use-key' }, t('edit.useKey')));
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} e-key-hint`);
    this.keyBox.append(keyForm);
    if (note) this.keyBox.append(h('p', { class: 'hint', role: 'status' }, note));
  }

  useKey(key) {
    if (!key) { this.keyError(t('edit.keyMissing')); return; }
    rememberStaffKey(key);
    this.renderKeyBox();
    this.status.focus();
  }

  forget() {
    forgetStaffKey();
    this.renderKeyBox(t('edit.keyForgotten'));
    this.keyBox.querySelector('#e-key').focus();
  }

  // A sentence at the key field (the key is what the server refused), which takes the focus.
  keyError(text) {
    if (!this.keyBox.querySelector('#e-key')) this.renderKeyBox();
    const slot = this.keyBox.querySelector('#err-key');
    slot.textContent = text;
    slot.hidden = false;
    const input = this.keyBox.querySelector('#e-key');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  // A message above the form; `focus`: it takes the focus (read at once, scrolled to).
  say(text, kind, { action = null, focus = false } = {}) {
    const box = message(text, kind, action);
    box.tabIndex = -1;
    clear(this.messages).append(box);
    if (focus) (action || box).focus();
  }

  cancel() {
    kept.delete(this.id);
    clearFieldErrors(this.form);
    clear(this.messages);
    this.showConflicts([]);
    this.fill(this.record);
    this.setOpen(false);
    this.toggle.focus();
  }

  async save() {
    if (this.saving) return;
    clear(this.messages);
    clearFieldErrors(this.form);
    clearFieldErrors(this.keyBox);
    const key = staffKey();
    if (!key) { this.keyError(t('edit.keyMissing')); return; }
    const v = this.values();
    const patch = mergePatch(this.record, { status: v.status, needs: needsFromForm(v.needs) });
    if (!Object.keys(patch).length) { this.say(t('edit.unchanged'), 'info', { focus: true }); return; }
    this.saving = true;
    try {
      const { body, etag } = await withSpinner(patchJson(`/v1/initiatives/${encodeURIComponent(this.id)}?refresh=wait`, patch, { key, etag: this.etag }));
      this.record = body.initiative;
      this.etag = etag || `"${body.version}"`;
      kept.set(this.id, { open: true });
      this.onSaved(this.record);
      this.showConflicts([]);
      this.fill(this.record);
      this.say(t('edit.saved'), 'ok', { focus: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.refused(e);
    } finally {
      this.saving = false;
    }
  }

  refused(e) {
    if (e.kind === 'network') {
      this.say(t('edit.network'), 'error', { focus: true });
    } else if (e.status === 412) {
      // What was typed, and on which version, outlives the reload: the new editor puts it onto
      // the version stored meanwhile (build()).
      const typed = { base: formValues(this.record), mine: this.values() };
      const reload = h('button', { type: 'button', id: 'e-reload', onclick: () => { kept.set(this.id, { open: true, rebase: typed }); this.onReload(); } },
        t('edit.reload'));
      this.say(t('edit.conflict'), 'error', { action: reload, focus: true });
    } else if (e.status === 401 || e.status === 403) {
      forgetStaffKey();
      this.renderKeyBox();
      this.keyError(t(e.status === 401 ? 'edit.unknownKey' : 'edit.readOnlyKey'));
    } else if (e.status === 400 && e.problem) {
      const { unplaced, first } = placeProblems(this.form, e.problem);
      this.say(unplaced.length ? `${t('edit.fix')} ${unplaced.join(' ')}` : t('edit.fix'), 'error');
      (first || this.messages.firstChild).focus();
    } else if (e.status === 404) {
      this.say(t('edit.gone'), 'error', { focus: true });
    } else {
      this.say(t('edit.notSaved', { reason: e.describe() }), 'error', { focus: true });
    }
  }
}
