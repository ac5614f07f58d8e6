// What the staff editor sends: a JSON Merge Patch (RFC 7396) of the fields that changed.
// `status` when it differs; `needs` whole when any need differs (a merge patch replaces a
// list whole, docs/writing.md). Empty fields are left out of a need; numbers are sent as
// typed, so the server (not the page) judges them and names the field it refuses. And after
// a 412, what was typed put onto the version stored meanwhile (rebase).
import { NEED_NUMBERS } from './need_rows.js';

const ORDER = ['type', 'description', ...NEED_NUMBERS.map(([name]) => name)];

// The form's rows (strings) as the API's need objects.
export function needsFromForm(rows) {
  return rows.map((row) => {
    const need = { type: row.type };
    if (row.description.trim()) need.description = row.description.trim();
    for (const [name] of NEED_NUMBERS) if (String(row[name]).trim() !== '') need[name] = Number(row[name]);
    return need;
  });
}

function canonical(needs) {
  return JSON.stringify(needs.map((n) => ORDER.filter((k) => n[k] !== undefined).map((k) => [k, n[k]])));
}

// {} when nothing changed.
export function mergePatch(record, { status, needs }) {
  const patch = {};
  if (status !== (record.status || 'active')) patch.status = status;
  if (canonical(needs) !== canonical(record.needs || [])) patch.needs = needs;
  return patch;
}

// The form's values ({status, needs: rows of strings}) of a stored record.
export function formValues(record) {
  return {
    status: record.status || 'active',
    needs: (record.needs || []).map((n) => Object.fromEntries(ORDER.map((k) => [k, n[k] === undefined || n[k] === null ? '' : String(n[k])]))),
  };
}

// Two values of a form field: numbers as numbers ("5400" = "5400.0"), else the trimmed text.
function same(a, b) {
  const x = String(a ?? '').trim();
  const y = String(b ?? '').trim();
  if (x !== '' && y !== '' && Number.isFinite(Number(x)) && Number.isFinite(Number(y))) return Number(x) === Number(y);
  return x === y;
}

function sameRows(a, b) {
  return a.length === b.length && a.every((row, i) => ORDER.every((k) => same(row[k], b[i][k])));
}

// After a 412: what was typed (`mine`, form values) against the version it was typed on
// (`base`), put onto the version stored meanwhile (`theirs`), field by field: a field typed
// keeps the typed value, a field not typed takes the stored one. Where both changed a field
// differently, the typed value stays and the stored one is returned as a conflict, to be shown
// beside it. Needs are matched by position; when rows were added or removed on both sides,
// the typed list stays and `needs` as a whole is the conflict.
// → { values, conflicts: [{ field: 'status' | 'needs' | 'needs[i].name', theirs }] }
export function rebase(base, mine, theirs) {
  const conflicts = [];
  const pick = (field, b, m, t) => {
    if (same(m, b)) return t;
    if (!same(t, b) && !same(t, m)) conflicts.push({ field, theirs: t });
    return m;
  };
  const status = pick('status', base.status, mine.status, theirs.status);
  let needs;
  if (base.needs.length === mine.needs.length && mine.needs.length === theirs.needs.length) {
    needs = mine.needs.map((row, i) => Object.fromEntries(ORDER.map((k) => [k, pick(`needs[${i}].${k}`, base.needs[i][k], row[k], theirs.needs[i][k])])));
  } else if (sameRows(mine.needs, base.needs)) {
    needs = theirs.needs;
  } else {
    needs = mine.needs;
    if (!sameRows(theirs.needs, base.needs)) conflicts.push({ field: 'needs', theirs: theirs.needs });
  }
  return { values: { status, needs }, conflicts };
}
