// "Für Unternehmen": a company profile as in schemas/company.schema.json (name, description,
// offers with type, description, amount / quantity / hours, postcode or district or Kiez with
// an optional radius, topics, languages, and under "Gewichtung anpassen" the six scoring
// weights) sent to POST /v1/recommendations; the answer's hits with their reasons and each
// hit's score components as a small bar chart. The server checks the profile: its problems
// (RFC 9457, `errors[].field` such as `offers[0].amount_eur`) appear at the fields they name.
import { ApiError, postJson, withSpinner } from './api.js';
import { componentChart } from './score_chart.js';
import { clear, h, message } from './dom.js';
import { clearFieldErrors, errorSlot, field, placeProblems } from './form_fields.js';
import { NEED_TYPES, TOPICS, formatNumber, label, pick, t } from './i18n.js';
import { BEZIRKE } from './berlin_names.js';
import { needList, place } from './needs.js';
import { RowList } from './row_list.js';

const LANGUAGES = ['de', 'en', 'ar', 'fa', 'tr', 'uk', 'ru', 'fr', 'es', 'pl'];
const OFFER_NUMBERS = [['amount_eur', 'company.amount'], ['quantity', 'company.quantity'], ['hours', 'company.hours']];
// The score components a request may weigh (schemas/company.schema.json `weights`; fairness is
// the server's own and not a weight).
const WEIGHTS = ['need_match', 'semantic', 'proximity', 'topics', 'languages', 'urgency'];

// A checkbox list: ids `${prefix}-${value}`, labels of the enum `kind` (i18n.js), `name` the
// body field it fills.
function checks(prefix, kind, name, values) {
  return h('ul', { class: 'checks' }, values.map((v) => h('li', {},
    h('input', { type: 'checkbox', id: `${prefix}-${v}`, name, value: v }),
    h('label', { for: `${prefix}-${v}` }, label(kind, v)))));
}

export class CompanyView {
  constructor(main) {
    this.main = main;
    this.saved = null;  // the form's values, kept across a language switch
    this.lastAnswer = null;
  }

  show() {
    clear(this.main);
    this.offers = new RowList({
      path: 'offers', idPrefix: 'c-offer', rowClass: 'offer', removeClass: 'remove-offer',
      legend: (n) => t('company.offer', { n }), removeText: (n) => t('company.removeOffer', { n }),
      onRemoved: () => this.form.querySelector('#add-offer').focus(),
      build: () => [
        field('', t('company.offerType'), h('select', { 'data-name': 'type' }, NEED_TYPES.map((n) => h('option', { value: n }, label('need', n))))),
        field('', t('company.offerDescription'), h('input', { type: 'text', 'data-name': 'description' })),
        h('div', { class: 'numbers' }, OFFER_NUMBERS.map(([name, text]) => field('', t(text),
          h('input', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-name': name })))),
      ],
    });
    this.formMessage = h('div', { class: 'form-message', 'aria-live': 'polite' });
    // No answer or a server fault: said beside the button just pressed, not above a long form.
    this.submitMessage = h('div', { class: 'submit-message', id: 'c-submit-message' });
    this.results = h('section', { class: 'reco-results' });
    this.form = h('form', { class: 'company-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.submit(); } },
      this.formMessage,
      field('name', t('company.name'), h('input', { id: 'c-name', type: 'text', autocomplete: 'organization', 'data-field': 'name' })),
      field('description', t('company.description'), h('textarea', { id: 'c-description', rows: 4, 'data-field': 'description' })),
      h('fieldset', { class: 'group', 'data-field': 'offers' },
        h('legend', {}, t('company.offers')),
        this.offers.element,
        errorSlot('offers'),
        h('button', { type: 'button', id: 'add-offer', onclick: () => this.offers.add().querySelector('select').focus() }, t('company.addOffer'))),
      h('fieldset', { class: 'group place' },
        h('legend', {}, t('company.place')),
        field('postcode', t('company.postcode'), h('input', { id: 'c-postcode', type: 'text', inputmode: 'numeric', autocomplete: 'postal-code', 'data-field': 'postcode' })),
        field('district', t('company.district'), h('select', { id: 'c-district', 'data-field': 'district' },
          h('option', { value: '' }, t('company.anyDistrict')), BEZIRKE.map((b) => h('option', { value: b }, b)))),
        field('neighbourhood', t('company.neighbourhood'), h('input', { id: 'c-neighbourhood', type: 'text', 'data-field': 'neighbourhood' })),
        described(field('radius_km', t('company.radius'), h('input', { id: 'c-radius', type: 'number', min: 0, max: 1000, step: 'any', inputmode: 'decimal', 'data-field': 'radius_km' })),
          h('p', { class: 'hint', id: 'c-radius-hint' }, t('company.radiusHint')))),
      h('fieldset', { class: 'group topics', 'data-field': 'topics', 'aria-describedby': 'c-topics-hint' },
        h('legend', {}, t('company.topics')),
        h('p', { class: 'hint', id: 'c-topics-hint' }, t('company.topicsHint')),
        checks('c-topic', 'topic', 'topics', TOPICS),
        errorSlot('topics')),
      h('fieldset', { class: 'group languages', 'data-field': 'languages' },
        h('legend', {}, t('company.languages')),
        checks('c-lang', 'language', 'languages', LANGUAGES),
        errorSlot('languages')),
      h('details', { class: 'group advanced', id: 'c-advanced' },
        h('summary', {}, t('company.advanced')),
        h('fieldset', { class: 'weights', 'data-field': 'weights', 'aria-describedby': 'c-weights-hint' },
          h('legend', {}, t('company.weights')),
          h('p', { class: 'hint', id: 'c-weights-hint' }, t('company.weightsHint')),
          h('div', { class: 'numbers' }, WEIGHTS.map((w) => field(`weights.${w}`, label('component', w),
            h('input', { id: `c-weight-${w}`, type: 'number', min: 0, max: 1, step: 0.05, inputmode: 'decimal', 'data-field': `weights.${w}` })))),
          errorSlot('weights'))),
      h('button', { type: 'submit', id: 'c-submit' }, t('company.submit')),
      this.submitMessage);
    this.main.append(h('div', { class: 'view view-company' },
      h('h1', {}, t('company.title')), h('p', {}, t('company.intro')), this.form, this.results));
    if (this.saved) this.restore(this.saved);
    else this.offers.add();
    if (this.lastAnswer) this.renderResults(this.lastAnswer);
  }

  values() {
    const v = (id) => this.form.querySelector(id).value;
    return {
      name: v('#c-name'), description: v('#c-description'), postcode: v('#c-postcode'), district: v('#c-district'),
      neighbourhood: v('#c-neighbourhood'),
      radius_km: v('#c-radius'),
      topics: [...this.form.querySelectorAll('input[name="topics"]:checked')].map((c) => c.value),
      languages: [...this.form.querySelectorAll('input[name="languages"]:checked')].map((c) => c.value),
      weights: Object.fromEntries(WEIGHTS.map((w) => [w, v(`#c-weight-${w}`)])),
      advanced: this.form.querySelector('#c-advanced').open,
      offers: this.offers.values(),
    };
  }

  restore(values) {
    const set = (id, value) => { this.form.querySelector(id).value = value || ''; };
    set('#c-name', values.name); set('#c-description', values.description); set('#c-postcode', values.postcode);
    set('#c-district', values.district); set('#c-neighbourhood', values.neighbourhood);
    set('#c-radius', values.radius_km);
    for (const l of values.topics) this.form.querySelector(`#c-topic-${l}`).checked = true;
    for (const l of values.languages) this.form.querySelector(`#c-lang-${l}`).checked = true;
    for (const w of WEIGHTS) set(`#c-weight-${w}`, values.weights[w]);
    this.form.querySelector('#c-advanced').open = values.advanced;
    this.offers.set(values.offers);
  }

  // The request body: what the form holds, empty fields left out (the name always, so that
  // the server names it when it is missing).
  profile() {
    const v = this.values();
    const body = { name: v.name.trim(), limit: 10 };
    for (const name of ['description', 'postcode', 'district', 'neighbourhood']) if (v[name].trim()) body[name] = v[name].trim();
    // Numbers as typed: a value out of range goes to the server, which names it at its field.
    if (v.radius_km !== '') body.radius_km = Number(v.radius_km);
    if (v.topics.length) body.topics = v.topics;
    if (v.languages.length) body.languages = v.languages;
    const weights = Object.entries(v.weights).filter(([, x]) => x !== '');
    if (weights.length) body.weights = Object.fromEntries(weights.map(([w, x]) => [w, Number(x)]));
    body.offers = v.offers.map((o) => {
      const offer = { type: o.type };
      if (o.description.trim()) offer.description = o.description.trim();
      for (const [name] of OFFER_NUMBERS) if (o[name] !== '') offer[name] = Number(o[name]);
      return offer;
    });
    if (!body.offers.length) delete body.offers;
    return body;
  }

  async submit() {
    this.saved = this.values();
    this.clearErrors();
    clear(this.results).removeAttribute('aria-labelledby');
    try {
      const res = await withSpinner(postJson('/v1/recommendations', this.profile()));
      this.lastAnswer = res;
      this.renderResults(res);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.lastAnswer = null;
      if (e.status === 400 && e.problem) this.showProblems(e.problem);
      else this.submitMessage.append(message(e.describe()));
    }
  }

  clearErrors() {
    clear(this.formMessage);
    clear(this.submitMessage);
    clearFieldErrors(this.form);
  }

  // Each problem at the field it names (form_fields.js); the rest above the form.
  showProblems(problem) {
    const { unplaced, first } = placeProblems(this.form, problem);
    // A message about a weight is inside "Gewichtung anpassen": open it.
    const advanced = this.form.querySelector('#c-advanced');
    if (advanced.querySelector('.field-error:not([hidden])')) advanced.open = true;
    this.formMessage.append(message(unplaced.length ? unplaced.join(' ') : t('company.fix')));
    if (first && first.focus) first.focus();
  }

  renderResults(res) {
    clear(this.results).append(h('h2', { id: 'reco-title' }, t('company.results')));
    this.results.setAttribute('aria-labelledby', 'reco-title');
    for (const n of res.notices || []) this.results.append(message(pick(n), 'info'));
    if (!res.hits.length) { this.results.append(message(t('company.none'), 'info')); return; }
    this.results.append(h('ol', { class: 'reco-list' }, res.hits.map((hit) => h('li', { class: 'reco', 'data-id': hit.id },
      h('h3', {}, h('a', { href: `/initiative/${encodeURIComponent(hit.id)}`, 'data-nav': 'initiative', dir: 'auto' }, hit.title)),
      h('p', { class: 'hit-meta' }, [place(hit), t('company.score', { score: formatNumber(hit.score, 2) })].filter(Boolean).join(' · ')),
      h('div', { class: 'reco-body' },
        h('div', {},
          h('h4', {}, t('company.reasons')),
          h('ul', { class: 'reasons' }, hit.reasons.map((r) => h('li', { 'data-code': r.code }, pick(r)))),
          hit.needs?.length ? needList(hit.needs) : null),
        h('figure', { class: 'chart' }, h('figcaption', {}, t('company.components')), componentChart(hit.components)))))));
  }
}

// A field with a hint below its control, read out with it (after the field's error slot).
function described(fieldEl, hint) {
  const control = fieldEl.querySelector('input, select, textarea');
  control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby')} ${hint.id}`);
  fieldEl.querySelector('.field-error').before(hint);
  return fieldEl;
}
