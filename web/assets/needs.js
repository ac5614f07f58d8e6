// How a record's needs, topics and place are shown in lists and on its page: money as a
// progress bar of raised against needed, the others as a labelled line.
import { h } from './dom.js';
import { formatEur, formatNumber, label, t } from './i18n.js';

function needItem(need) {
  const name = label('need', need.type);
  const parts = [];
  if (need.type === 'money' && need.amount_eur > 0) {
    const raised = Math.min(need.raised_eur || 0, need.amount_eur);
    const text = t('money.progress', { raised: formatEur(raised), amount: formatEur(need.amount_eur) });
    return h('li', { class: 'need need-money', 'data-need': need.type },
      h('span', { class: 'need-type' }, name),
      h('progress', { max: need.amount_eur, value: raised, 'aria-label': `${name}: ${text}` }),
      h('span', { class: 'need-amount' }, text),
      need.description ? h('span', { class: 'need-desc', dir: 'auto' }, need.description) : null);
  }
  if (need.quantity > 0) parts.push(t('need.quantity', { n: formatNumber(need.quantity) }));
  if (need.hours > 0) parts.push(t('need.hours', { n: formatNumber(need.hours) }));
  return h('li', { class: 'need', 'data-need': need.type },
    h('span', { class: 'need-type' }, name),
    parts.length ? h('span', { class: 'need-amount' }, parts.join(', ')) : null,
    need.description ? h('span', { class: 'need-desc', dir: 'auto' }, need.description) : null);
}

export function needList(needs, withDescriptions = false) {
  const shown = withDescriptions ? needs : needs.map(({ description, ...rest }) => rest);
  return h('ul', { class: 'needs' }, shown.map(needItem));
}

export function topicList(topics) {
  return h('ul', { class: 'chips', 'aria-label': t('hit.topics') },
    topics.map((topic) => h('li', { class: 'chip' }, label('topic', topic))));
}

export function place(record) {
  return [record.neighbourhood, record.district].filter((x, i, all) => x && all.indexOf(x) === i).join(', ');
}
