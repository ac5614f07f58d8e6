// The initiative page: the full record (/v1/initiatives/{id}), its needs and contact, a small
// map of its place, "Ähnliche Initiativen" with their reasons (/v1/initiatives/{id}/similar),
// and for staff with a write key "Bearbeiten (Personal)" (record_editor.js).
import { ApiError, getJson, getWithEtag, withSpinner } from './api.js';
import { berlinSvg, loadBerlin } from './berlin_map.js';
import { clear, h, message, textDirection } from './dom.js';
import { formatDate, label, pick, t } from './i18n.js';
import { needList, place, topicList } from './needs.js';
import { RecordEditor } from './record_editor.js';

// backUrl: the search the visitor came from ("/" when none).
export async function showInitiative(main, id, backUrl = '/') {
  clear(main);
  const view = h('div', { class: 'view view-initiative' },
    h('p', {}, h('a', { href: backUrl, 'data-nav': 'search' }, t('init.back'))));
  main.append(view);
  let loaded;
  try {
    loaded = await withSpinner(getWithEtag(`/v1/initiatives/${encodeURIComponent(id)}`));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    view.append(message(e.status === 404 ? t('init.notFound') : e.describe()));
    return;
  }
  const record = loaded.body;
  let article = recordArticle(record);
  const editor = new RecordEditor({
    record,
    etag: loaded.etag,
    onSaved: (stored) => { const next = recordArticle(stored); article.replaceWith(next); article = next; },
    onReload: () => showInitiative(main, id, backUrl),
  });
  const similar = h('section', { class: 'similar', 'aria-labelledby': 'similar-title' }, h('h2', { id: 'similar-title' }, t('init.similar')));
  view.append(article, editor.element, similar);
  editor.shown();
  loadSimilar(similar, record.id);
}

// The record as the page shows it (again after a staff member's save).
function recordArticle(record) {
  const dir = textDirection(record.language);
  const facts = h('dl', { class: 'facts' });
  const fact = (name, value) => { if (value) facts.append(h('dt', {}, name), h('dd', {}, value)); };
  fact(t('init.organisation'), record.organisation);
  fact(t('init.place'), [place(record), record.postcode].filter(Boolean).join(' · '));
  fact(t('init.status'), label('status', record.status || 'active'));
  fact(t('init.languages'), (record.languages_spoken || []).map((l) => label('language', l.split('-')[0])).join(', '));
  fact(t('init.targetGroups'), (record.target_groups || []).join(', '));
  if (record.created_at) fact(t('init.created'), formatDate(record.created_at));
  if (record.updated_at) fact(t('init.updated'), formatDate(record.updated_at));
  const contact = h('ul', { class: 'contact' });
  if (record.contact?.website) contact.append(h('li', {}, `${t('init.website')}: `, h('a', { href: record.contact.website, rel: 'noopener' }, record.contact.website)));
  if (record.contact?.email) contact.append(h('li', {}, `${t('init.email')}: `, h('a', { href: `mailto:${record.contact.email}` }, record.contact.email)));
  const mapBox = h('figure', { class: 'mini-map' }, h('figcaption', {}, t('init.map')));
  const article = h('article', { class: 'record', 'data-id': record.id },
    h('h1', { lang: dir.lang, dir: dir.dir, id: 'record-title' }, record.title),
    record.summary ? h('p', { class: 'lead', lang: dir.lang, dir: dir.dir }, record.summary) : null,
    record.topics?.length ? topicList(record.topics) : null,
    h('div', { class: 'record-body' },
      h('div', { class: 'record-text' },
        record.description ? h('p', { class: 'description', lang: dir.lang, dir: dir.dir }, record.description) : null,
        h('h2', {}, t('init.needs')),
        record.needs?.length ? needList(record.needs, true) : h('p', {}, t('init.noNeeds')),
        contact.children.length ? h('h2', {}, t('init.contact')) : null,
        contact.children.length ? contact : null),
      h('div', { class: 'record-side' }, facts, mapBox)));
  drawMiniMap(mapBox, record);
  return article;
}

async function drawMiniMap(box, record) {
  try {
    const berlin = await loadBerlin();
    const where = place(record) || record.city || '';
    box.append(berlinSvg(berlin, {
      label: t('init.mapLabel', { place: where }),
      marker: record.location ? { lon: record.location.lon, lat: record.location.lat } : null,
      focus: (a) => a.district === record.district,
      area: (a) => ({
        fill: a.name === record.neighbourhood ? '#f0b429' : a.district === record.district ? '#c8d6e5' : '#eef1f4',
        className: a.name === record.neighbourhood ? 'area area-own' : 'area',
      }),
    }));
  } catch {
    box.append(h('p', { class: 'hint' }, t('map.loadFailed')));
  }
}

async function loadSimilar(section, id) {
  try {
    const res = await getJson(`/v1/initiatives/${encodeURIComponent(id)}/similar`, { limit: 5 });
    if (!res.hits.length) { section.append(h('p', {}, t('init.noSimilar'))); return; }
    section.append(h('ul', { class: 'similar-list' }, res.hits.map((hit) => h('li', { class: 'similar-hit', 'data-id': hit.id },
      h('h3', {}, h('a', { href: `/initiative/${encodeURIComponent(hit.id)}`, 'data-nav': 'initiative', dir: 'auto' }, hit.title)),
      h('p', { class: 'hit-meta' }, place(hit)),
      h('ul', { class: 'reasons' }, hit.reasons.map((r) => h('li', { 'data-code': r.code }, pick(r))))))));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    section.append(message(e.describe()));
  }
}
