// The staff member's write key: kept in sessionStorage only (gone when the tab closes), never
// in localStorage, a cookie or the URL; removed at once by "Schlüssel vergessen" or when the
// server refuses it. Where a browser keeps no session storage, the key lives only as long as
// the page.
const SLOT = 'hilfsnetz.staffKey';
let inPage = '';

export function staffKey() {
  try { return sessionStorage.getItem(SLOT) || inPage; } catch { return inPage; }
}

export function rememberStaffKey(key) {
  inPage = '';
  try { sessionStorage.setItem(SLOT, key); } catch { inPage = key; }
}

export function forgetStaffKey() {
  inPage = '';
  try { sessionStorage.removeItem(SLOT); } catch { /* nothing kept */ }
}
