// A recommendation's score components (each in [0, 1]) as a small horizontal bar chart in
// SVG, with the numbers written beside the bars and the whole read out as one sentence.
import { h } from './dom.js';
import { formatNumber, label } from './i18n.js';

const ORDER = ['need_match', 'semantic', 'proximity', 'topics', 'languages', 'urgency', 'fairness'];
const ROW = 18;
const LABEL_W = 110;
const BAR_W = 140;

export function componentChart(components) {
  const rows = ORDER.filter((name) => name in components);
  const spoken = rows.map((name) => `${label('component', name)} ${formatNumber(components[name], 2)}`).join(', ');
  const svg = h('svg', {
    svg: true, xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${LABEL_W + BAR_W + 44} ${rows.length * ROW}`,
    class: 'score-chart', role: 'img', 'aria-label': spoken,
  });
  rows.forEach((name, i) => {
    const v = Math.max(0, Math.min(1, components[name]));
    const y = i * ROW;
    svg.append(
      h('text', { svg: true, x: 0, y: y + 13, class: 'chart-label' }, label('component', name)),
      h('rect', { svg: true, x: LABEL_W, y: y + 3, width: BAR_W, height: 12, class: 'chart-track' }),
      h('rect', { svg: true, x: LABEL_W, y: y + 3, width: (v * BAR_W).toFixed(1), height: 12, class: 'chart-bar', 'data-component': name }),
      h('text', { svg: true, x: LABEL_W + BAR_W + 6, y: y + 13, class: 'chart-value' }, formatNumber(v, 2)));
  });
  return svg;
}
