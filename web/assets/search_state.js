// The search view's state and its URL: the API's own parameter names
// (/?q=deutschkurs&district=Neukölln&need=volunteers), so a URL is shareable and the same
// parameters go to /v1/search.
import { toQuery } from './api.js';

// The filters, each also a facet with counts (neighbourhood: the Ortsteil, a Kiez counted in
// its Ortsteil), in the order the page lists them.
export const FACETS = ['district', 'neighbourhood', 'need', 'topic', 'language', 'status'];
const FILTERS = FACETS;
const SINGLES = ['q', 'near', 'radius_km', 'sort', 'mode'];
const PER_PAGE = 10;

export function stateFromUrl(search) {
  const p = new URLSearchParams(search);
  const state = { page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1) };
  for (const name of SINGLES) state[name] = p.get(name) || '';
  for (const name of FILTERS) state[name] = p.getAll(name).filter(Boolean);
  return state;
}

// The URL of a state: defaults (page 1, empty values) are left out.
export function urlOf(state) {
  const params = {};
  for (const name of SINGLES) params[name] = state[name];
  for (const name of FILTERS) params[name] = state[name];
  if (state.page > 1) params.page = state.page;
  const q = toQuery(params);
  return q ? `/?${q}` : '/';
}

// The /v1/search parameters of a state. `typing`: the last word is still being typed, so it
// also matches as a prefix (what a search box sends while typing).
export function searchParams(state, { typing = false, page = state.page, perPage = PER_PAGE, facets = true } = {}) {
  const params = {};
  for (const name of SINGLES) params[name] = state[name];
  for (const name of FILTERS) params[name] = state[name];
  if (state.radius_km && !state.near) delete params.radius_km;
  params.page = page;
  params.per_page = perPage;
  if (facets) params.facets = FACETS.join(',');
  if (typing && state.q) params.prefix = 'last';
  return params;
}
