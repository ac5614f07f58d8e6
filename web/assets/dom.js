// Small DOM helpers: h() builds elements, text stays text (no HTML parsing) except where a
// caller passes the API's highlights, which the server has escaped (only <mark> is markup).
import { RTL_LANGUAGES } from './i18n.js';

// h('a', {href: '/x', class: 'y'}, 'text', child, …). Attributes: `on*` functions become
// listeners; `html` sets server-escaped highlight markup; false/null leave the attribute out.
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'path', 'g', 'rect', 'circle', 'text', 'title', 'a', 'line'].includes(tag) && attrs.svg;
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'svg' || value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'html') {
      el.innerHTML = onlyMarks(value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// The server escapes highlights and adds only <mark>…</mark>; anything else is escaped again,
// so a bug elsewhere cannot put markup into the page.
function onlyMarks(html) {
  const parts = String(html).split(/(<\/?mark>)/);
  return parts.map((p) => (p === '<mark>' || p === '</mark>' ? p : p.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// lang and dir for a record's own texts: Arabic and Persian read right to left.
export function textDirection(language) {
  const lang = (language || '').toLowerCase().split('-')[0];
  return { lang: lang || null, dir: RTL_LANGUAGES.has(lang) ? 'rtl' : 'auto' };
}

// A message box: role=alert for errors (read at once), status for notes.
export function message(text, kind = 'error', action = null) {
  return h('div', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', {}, text), action);
}
