// The public API, as the page calls it: GET with query parameters, POST with JSON, a staff
// member's PATCH with a key and If-Match, answers parsed, and every failure turned into an
// ApiError the views show as a sentence (never the raw body). The base address comes from
// <meta name="hilfsnetz-api"> ("" = this server).
import { t, uiLanguage } from './i18n.js';

const base = (document.querySelector('meta[name="hilfsnetz-api"]')?.content || '').replace(/\/$/, '');

export class ApiError extends Error {
  // kind: 'network' (no answer), 'problem' (an RFC 9457 answer), 'aborted' (a newer request won)
  constructor(kind, status = 0, problem = null) {
    super(kind);
    this.kind = kind;
    this.status = status;
    this.problem = problem;
  }

  get aborted() { return this.kind === 'aborted'; }

  // A plain-language sentence in the page language.
  describe() {
    if (this.kind === 'network') return t('error.network');
    const p = this.problem;
    const detail = p ? (uiLanguage() === 'en' ? p.detail : p.detail_de || p.detail) : '';
    if (this.status === 400 && detail) return t('error.filter', { detail });
    if (this.status === 404) return t('error.notFound');
    if (this.status === 503 || this.status === 429) return t('error.busy');
    return t('error.server');
  }
}

// `params`: an object of strings, numbers or arrays (repeated parameters); empty values are
// left out.
export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null && v !== '') q.append(name, String(v));
  }
  return q.toString();
}

// The parsed body and the answer's ETag (the record's version; null when none).
async function exchange(path, init) {
  let res;
  try {
    res = await fetch(base + path, { ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } });
  } catch (e) {
    if (e?.name === 'AbortError') throw new ApiError('aborted');
    throw new ApiError('network');
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e?.name === 'AbortError') throw new ApiError('aborted');
    body = null;
  }
  if (!res.ok) throw new ApiError('problem', res.status, body && typeof body === 'object' ? body : null);
  if (body === null) throw new ApiError('problem', res.status || 500, null);
  return { body, etag: res.headers.get('ETag') };
}

async function request(path, init) {
  return (await exchange(path, init)).body;
}

export function getJson(path, params = {}, signal = undefined) {
  const q = toQuery(params);
  return request(q ? `${path}?${q}` : path, { method: 'GET', signal });
}

export function postJson(path, body, signal = undefined) {
  return request(path, {
    method: 'POST', signal, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
}

// GET of one record with its version: {body, etag}.
export function getWithEtag(path) {
  // no-cache: a record another staff member changed must not come from the browser's cache.
  return exchange(path, { method: 'GET', cache: 'no-cache' });
}

// A JSON Merge Patch (RFC 7396) written with a staff key; `etag` (as GET gave it) makes it
// conditional: a record changed meanwhile answers 412. Resolves with {body, etag}.
export function patchJson(path, patch, { key, etag }) {
  const headers = { 'Content-Type': 'application/merge-patch+json', Authorization: `Bearer ${key}` };
  if (etag) headers['If-Match'] = etag;
  return exchange(path, { method: 'PATCH', headers, body: JSON.stringify(patch) });
}

// Shows the shared spinner only when an answer takes longer than 300 ms.
let pending = 0;
let timer = null;
export async function withSpinner(promise) {
  const busy = document.getElementById('busy');
  pending += 1;
  if (pending === 1) {
    timer = setTimeout(() => { busy.hidden = false; busy.textContent = t('busy'); }, 300);
  }
  try {
    return await promise;
  } finally {
    pending -= 1;
    if (pending === 0) {
      clearTimeout(timer);
      busy.hidden = true;
      busy.textContent = '';
    }
  }
}
