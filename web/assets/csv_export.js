// The list as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet programs read the
// umlauts): every page of the current search, fetched 100 at a time.
import { label } from './i18n.js';

const MAX_PAGES = 50;  // 5,000 rows; the API pages at most 100 per request
const COLUMNS = ['id', 'title', 'district', 'neighbourhood', 'status', 'topics', 'needs', 'funding_gap_eur', 'url'];

function cell(v) {
  const s = String(v ?? '');
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvOf(hits) {
  const lines = [COLUMNS.join(',')];
  for (const hit of hits) {
    lines.push([
      hit.id, hit.title, hit.district, hit.neighbourhood, hit.status, (hit.topics || []).join(' '),
      (hit.needs || []).map((n) => label('need', n.type)).join(' '), hit.funding_gap_eur ?? '',
      new URL(`/initiative/${encodeURIComponent(hit.id)}`, location.href).href,
    ].map(cell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

// fetchPage(n) → a /v1/search answer. Returns the number of rows written.
export async function downloadCsv(fetchPage) {
  const hits = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const res = await fetchPage(page);
    hits.push(...res.hits);
    if (res.hits.length === 0 || hits.length >= res.total) break;
  }
  const blob = new Blob([csvOf(hits)], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'hilfsnetz-initiativen.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return hits.length;
}
