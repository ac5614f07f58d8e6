// What the staff editor sends: a JSON Merge Patch (RFC 7396) of the fields that changed.
// `status` when it differs; `needs` whole when any need differs (a merge patch replaces a
// list whole, docs/writing.md). Empty fields are left out of a need; numbers are sent as
// typed, so the server (not the page) judges them and names the field it refuses.
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
