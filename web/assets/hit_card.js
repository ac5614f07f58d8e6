// One initiative in a result list: title and summary with the search's <mark> highlights,
// district and Ortsteil, topics, open needs. Arabic and Persian records read right to left.
import { h, textDirection } from './dom.js';
import { formatNumber, label, t } from './i18n.js';
import { needList, place, topicList } from './needs.js';

export function hitCard(hit) {
  const dir = textDirection(hit.language);
  const hl = hit.highlights || {};
  const meta = [place(hit)];
  if (hit.distance_km !== undefined) meta.push(t('search.distance', { km: formatNumber(hit.distance_km, 1) }));
  if (hit.status && hit.status !== 'active') meta.push(label('status', hit.status));
  return h('li', { class: 'hit', 'data-id': hit.id },
    h('article', {},
      h('h3', { class: 'hit-title', lang: dir.lang, dir: dir.dir },
        h('a', { href: `/initiative/${encodeURIComponent(hit.id)}`, 'data-nav': 'initiative', html: hl.title || escapeText(hit.title) })),
      h('p', { class: 'hit-meta' }, meta.filter(Boolean).join(' · ')),
      h('p', { class: 'hit-summary', lang: dir.lang, dir: dir.dir, html: hl.summary || escapeText(hit.summary) }),
      hit.topics?.length ? topicList(hit.topics) : null,
      hit.needs?.length ? h('div', { class: 'hit-needs' }, h('h4', {}, t('hit.needs')), needList(hit.needs)) : null));
}

function escapeText(s) {
  return String(s || '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
