// The page's texts in German (the default) and English, and the labels of the API's enums
// (need types, topics, statuses, languages, recommendation components).

const TEXTS = {
  de: {
    skip: 'Zum Inhalt springen',
    'nav.label': 'Hauptnavigation',
    'nav.search': 'Suche',
    'nav.companies': 'Für Unternehmen',
    'nav.staff': 'Team-Ansicht',
    'lang.other': 'English',
    'lang.otherCode': 'en',
    footer: 'hilfsnetz – Suche und Empfehlungen für Berliner Initiativen. Alle Daten kommen von der öffentlichen API dieses Servers.',
    busy: 'Wird geladen …',
    'search.title': 'Initiativen in Berlin finden',
    'search.label': 'Suche',
    'search.placeholder': 'z. B. Deutschkurs, Kleiderkammer, دورة لغة',
    'search.submit': 'Suchen',
    'search.hint': 'Pfeiltasten wählen einen Vorschlag, Enter übernimmt ihn, Escape schließt die Liste.',
    'search.filters': 'Filter',
    'search.near': 'In der Nähe von (PLZ, Ortsteil oder Kiez)',
    'search.radius': 'Umkreis',
    'search.sort': 'Sortierung',
    'search.reset': 'Alle Filter zurücksetzen',
    'search.apply': 'Anwenden',
    'search.total': '{n} Initiativen',
    'search.totalOne': '1 Initiative',
    'search.totalAbout': 'etwa {n} Initiativen',
    'search.empty': 'Keine Initiative passt zu dieser Suche. Versuchen Sie ein anderes Wort oder entfernen Sie einen Filter.',
    'search.expanded': 'Auch auf Deutsch gesucht: {words}',
    'search.didYouMean': 'Meinten Sie: ',
    'search.page': 'Seite {page} von {pages}',
    'search.prev': 'Vorherige Seite',
    'search.next': 'Nächste Seite',
    'search.pages': 'Seiten',
    'search.csv': 'Liste als CSV herunterladen',
    'search.csvDone': '{n} Zeilen exportiert.',
    'search.results': 'Ergebnisse',
    'search.suggestions': 'Vorschläge',
    'search.suggestCount': '{n} Treffer',
    'search.initiative': 'Initiative',
    'search.distance': '{km} km entfernt',
    'search.mode': 'Suchart',
    'mode.lexical': 'Nach Wörtern',
    'mode.hybrid': 'Nach Wörtern und Bedeutung',
    'sort.relevance': 'Relevanz',
    'sort.newest': 'Neueste',
    'sort.distance': 'Entfernung',
    'sort.funding_gap': 'Größte Finanzierungslücke',
    'radius.any': 'beliebig',
    'facet.district': 'Bezirk',
    'facet.need': 'Bedarf',
    'facet.topic': 'Thema',
    'facet.language': 'Sprache',
    'facet.status': 'Status',
    'hit.needs': 'Offene Bedarfe',
    'hit.topics': 'Themen',
    'money.progress': '{raised} von {amount} gesammelt',
    'need.quantity': '{n} Stück',
    'need.hours': '{n} Stunden',
    'init.back': 'Zurück zur Suche',
    'init.organisation': 'Träger',
    'init.place': 'Ort',
    'init.contact': 'Kontakt',
    'init.website': 'Webseite',
    'init.email': 'E-Mail',
    'init.languages': 'Gesprochene Sprachen',
    'init.targetGroups': 'Zielgruppen',
    'init.status': 'Status',
    'init.updated': 'Zuletzt geändert',
    'init.map': 'Lage in Berlin',
    'init.mapLabel': 'Karte: {place}',
    'init.similar': 'Ähnliche Initiativen',
    'init.noSimilar': 'Keine ähnlichen Initiativen gefunden.',
    'init.notFound': 'Diese Initiative gibt es nicht (mehr).',
    'init.needs': 'Bedarfe',
    'init.noNeeds': 'Zurzeit keine offenen Bedarfe.',
    'company.title': 'Für Unternehmen: passende Initiativen finden',
    'company.intro': 'Beschreiben Sie, was Ihr Unternehmen anbieten kann. hilfsnetz schlägt Initiativen vor, die genau das brauchen, und sagt warum.',
    'company.name': 'Name des Unternehmens',
    'company.description': 'Beschreibung',
    'company.offers': 'Angebote',
    'company.offer': 'Angebot {n}',
    'company.offerType': 'Art',
    'company.offerDescription': 'Beschreibung des Angebots',
    'company.amount': 'Betrag (EUR)',
    'company.quantity': 'Menge',
    'company.hours': 'Stunden',
    'company.addOffer': 'Angebot hinzufügen',
    'company.removeOffer': 'Angebot {n} entfernen',
    'company.place': 'Ort',
    'company.postcode': 'Postleitzahl',
    'company.district': 'Bezirk',
    'company.neighbourhood': 'Ortsteil oder Kiez',
    'company.anyDistrict': '– kein Bezirk –',
    'company.languages': 'Sprachen Ihrer Mitarbeitenden',
    'company.submit': 'Initiativen vorschlagen',
    'company.results': 'Vorschläge',
    'company.none': 'Keine passende Initiative gefunden. Beschreiben Sie Ihr Angebot ausführlicher oder wählen Sie einen anderen Ort.',
    'company.fix': 'Bitte prüfen Sie die markierten Felder.',
    'company.reasons': 'Warum diese Initiative',
    'company.components': 'Anteile an der Bewertung',
    'company.score': 'Bewertung {score}',
    'staff.title': 'Team-Ansicht: offene Bedarfe nach Bezirk',
    'staff.intro': 'Aktive Initiativen mit offenem Bedarf, gezählt von der API (Facetten). Ein Klick auf eine Zahl oder einen Bezirk öffnet die Liste.',
    'staff.table': 'Offene Bedarfe je Bezirk und Bedarfsart',
    'staff.district': 'Bezirk',
    'staff.anyNeed': 'mit Bedarf',
    'staff.openEur': 'offene EUR',
    'staff.total': 'Berlin gesamt',
    'staff.eurNote': 'Offene EUR: Summe der Finanzierungslücken (funding_gap_eur) der Trefferliste mit Geldbedarf; die API zählt Euro nicht als Facette.',
    'staff.eurPartial': 'Offene EUR aus den ersten {n} von {total} Initiativen mit Geldbedarf.',
    'staff.map': 'Karte: Initiativen mit offenem Bedarf je Bezirk',
    'staff.legend': 'Wenige – viele Initiativen mit offenem Bedarf',
    'staff.cellLabel': '{n} Initiativen in {district} mit Bedarf {need}: Liste öffnen',
    'staff.edit': 'Bearbeiten von Bedarfen und Status: die API hat noch keine Schreib-Endpunkte (PUT/PATCH).',
    'map.loadFailed': 'Die Karte konnte nicht geladen werden.',
    'error.network': 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es noch einmal.',
    'error.filter': 'Diese Suche enthält einen ungültigen Wert: {detail}',
    'error.server': 'Der Server konnte die Anfrage gerade nicht beantworten. Bitte versuchen Sie es gleich noch einmal.',
    'error.busy': 'Der Server ist gerade ausgelastet. Bitte versuchen Sie es in einem Moment noch einmal.',
    'error.notFound': 'Das Gesuchte wurde nicht gefunden.',
    'error.retry': 'Erneut versuchen',
    'error.page': 'Auf dieser Seite ist ein Fehler aufgetreten. Bitte laden Sie die Seite neu.',
    'csv.failed': 'Der Export ist fehlgeschlagen.',
  },
  en: {
    skip: 'Skip to content',
    'nav.label': 'Main navigation',
    'nav.search': 'Search',
    'nav.companies': 'For companies',
    'nav.staff': 'Staff view',
    'lang.other': 'Deutsch',
    'lang.otherCode': 'de',
    footer: 'hilfsnetz – search and recommendations for Berlin initiatives. All data comes from this server\'s public API.',
    busy: 'Loading …',
    'search.title': 'Find initiatives in Berlin',
    'search.label': 'Search',
    'search.placeholder': 'e.g. German course, clothes, دورة لغة',
    'search.submit': 'Search',
    'search.hint': 'Arrow keys choose a suggestion, Enter takes it, Escape closes the list.',
    'search.filters': 'Filters',
    'search.near': 'Near (postcode, Ortsteil or Kiez)',
    'search.radius': 'Radius',
    'search.sort': 'Sort by',
    'search.reset': 'Clear all filters',
    'search.apply': 'Apply',
    'search.total': '{n} initiatives',
    'search.totalOne': '1 initiative',
    'search.totalAbout': 'about {n} initiatives',
    'search.empty': 'No initiative matches this search. Try another word or remove a filter.',
    'search.expanded': 'Also searched in German: {words}',
    'search.didYouMean': 'Did you mean: ',
    'search.page': 'Page {page} of {pages}',
    'search.prev': 'Previous page',
    'search.next': 'Next page',
    'search.pages': 'Pages',
    'search.csv': 'Download list as CSV',
    'search.csvDone': '{n} rows exported.',
    'search.results': 'Results',
    'search.suggestions': 'Suggestions',
    'search.suggestCount': '{n} hits',
    'search.initiative': 'Initiative',
    'search.distance': '{km} km away',
    'search.mode': 'Search by',
    'mode.lexical': 'Words',
    'mode.hybrid': 'Words and meaning',
    'sort.relevance': 'Relevance',
    'sort.newest': 'Newest',
    'sort.distance': 'Distance',
    'sort.funding_gap': 'Largest funding gap',
    'radius.any': 'any',
    'facet.district': 'District',
    'facet.need': 'Need',
    'facet.topic': 'Topic',
    'facet.language': 'Language',
    'facet.status': 'Status',
    'hit.needs': 'Open needs',
    'hit.topics': 'Topics',
    'money.progress': '{raised} of {amount} raised',
    'need.quantity': '{n} items',
    'need.hours': '{n} hours',
    'init.back': 'Back to search',
    'init.organisation': 'Organisation',
    'init.place': 'Place',
    'init.contact': 'Contact',
    'init.website': 'Website',
    'init.email': 'Email',
    'init.languages': 'Languages spoken',
    'init.targetGroups': 'Target groups',
    'init.status': 'Status',
    'init.updated': 'Last changed',
    'init.map': 'Location in Berlin',
    'init.mapLabel': 'Map: {place}',
    'init.similar': 'Similar initiatives',
    'init.noSimilar': 'No similar initiatives found.',
    'init.notFound': 'This initiative does not exist (any more).',
    'init.needs': 'Needs',
    'init.noNeeds': 'No open needs at the moment.',
    'company.title': 'For companies: find initiatives to support',
    'company.intro': 'Describe what your company can offer. hilfsnetz suggests initiatives that need exactly that, and says why.',
    'company.name': 'Company name',
    'company.description': 'Description',
    'company.offers': 'Offers',
    'company.offer': 'Offer {n}',
    'company.offerType': 'Type',
    'company.offerDescription': 'What you offer',
    'company.amount': 'Amount (EUR)',
    'company.quantity': 'Quantity',
    'company.hours': 'Hours',
    'company.addOffer': 'Add an offer',
    'company.removeOffer': 'Remove offer {n}',
    'company.place': 'Place',
    'company.postcode': 'Postcode',
    'company.district': 'District',
    'company.neighbourhood': 'Ortsteil or Kiez',
    'company.anyDistrict': '– no district –',
    'company.languages': 'Languages your people speak',
    'company.submit': 'Suggest initiatives',
    'company.results': 'Suggestions',
    'company.none': 'No matching initiative found. Describe your offer in more detail or choose another place.',
    'company.fix': 'Please check the marked fields.',
    'company.reasons': 'Why this initiative',
    'company.components': 'Parts of the score',
    'company.score': 'Score {score}',
    'staff.title': 'Staff view: open needs by district',
    'staff.intro': 'Active initiatives with an open need, counted by the API (facets). Click a number or a district to open the list.',
    'staff.table': 'Open needs by district and need type',
    'staff.district': 'District',
    'staff.anyNeed': 'with a need',
    'staff.openEur': 'open EUR',
    'staff.total': 'All of Berlin',
    'staff.eurNote': 'Open EUR: the sum of the funding gaps (funding_gap_eur) over the list of initiatives needing money; the API has no facet for euros.',
    'staff.eurPartial': 'Open EUR from the first {n} of {total} initiatives needing money.',
    'staff.map': 'Map: initiatives with an open need by district',
    'staff.legend': 'Few – many initiatives with an open need',
    'staff.cellLabel': '{n} initiatives in {district} needing {need}: open the list',
    'staff.edit': 'Editing needs and status: the API has no write endpoints (PUT/PATCH) yet.',
    'map.loadFailed': 'The map could not be loaded.',
    'error.network': 'The server cannot be reached. Please check the connection and try again.',
    'error.filter': 'This search has a value the server does not accept: {detail}',
    'error.server': 'The server could not answer just now. Please try again in a moment.',
    'error.busy': 'The server is busy right now. Please try again in a moment.',
    'error.notFound': 'What you were looking for was not found.',
    'error.retry': 'Try again',
    'error.page': 'Something went wrong on this page. Please reload it.',
    'csv.failed': 'The export failed.',
  },
};

const LABELS = {
  need: {
    money: ['Geld', 'Money'], goods: ['Sachspenden', 'Goods'], volunteers: ['Ehrenamtliche', 'Volunteers'],
    expertise: ['Fachwissen', 'Expertise'], space: ['Räume', 'Space'], jobs: ['Arbeitsplätze', 'Jobs'],
  },
  topic: {
    education: ['Bildung', 'Education'], language: ['Sprache', 'Language'], work: ['Arbeit', 'Work'],
    housing: ['Wohnen', 'Housing'], health: ['Gesundheit', 'Health'],
    children_youth: ['Kinder und Jugend', 'Children and youth'], women: ['Frauen', 'Women'],
    elderly: ['Ältere Menschen', 'Older people'], disability: ['Behinderung', 'Disability'],
    culture: ['Kultur', 'Culture'], sport: ['Sport', 'Sport'], digital: ['Digitales', 'Digital'],
    legal: ['Recht', 'Legal'], arrival: ['Ankommen', 'Arrival'], neighbourhood: ['Nachbarschaft', 'Neighbourhood'],
    environment: ['Umwelt', 'Environment'], animals: ['Tiere', 'Animals'], poverty: ['Armut', 'Poverty'],
  },
  status: { active: ['aktiv', 'active'], paused: ['pausiert', 'paused'], completed: ['abgeschlossen', 'completed'] },
  language: {
    de: ['Deutsch', 'German'], en: ['Englisch', 'English'], ar: ['Arabisch', 'Arabic'], fa: ['Persisch', 'Persian'],
    tr: ['Türkisch', 'Turkish'], uk: ['Ukrainisch', 'Ukrainian'], ru: ['Russisch', 'Russian'],
    fr: ['Französisch', 'French'], es: ['Spanisch', 'Spanish'], pl: ['Polnisch', 'Polish'],
    ku: ['Kurdisch', 'Kurdish'], vi: ['Vietnamesisch', 'Vietnamese'], prs: ['Dari', 'Dari'], ps: ['Paschtu', 'Pashto'],
    ti: ['Tigrinya', 'Tigrinya'], so: ['Somali', 'Somali'], ro: ['Rumänisch', 'Romanian'], bg: ['Bulgarisch', 'Bulgarian'],
  },
  component: {
    need_match: ['Bedarf passt', 'Need match'], semantic: ['Beschreibung', 'Description'], proximity: ['Nähe', 'Proximity'],
    topics: ['Themen', 'Topics'], languages: ['Sprachen', 'Languages'], urgency: ['Dringlichkeit', 'Urgency'],
    fairness: ['Fairness', 'Fairness'],
  },
};

export const NEED_TYPES = ['money', 'goods', 'volunteers', 'expertise', 'space', 'jobs'];
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'prs', 'ps', 'ur', 'he', 'ku']);

let current = 'de';

export function uiLanguage() { return current; }

// The page language: stored for the session's next visits; German when none was chosen.
export function setUiLanguage(lang) {
  current = lang === 'en' ? 'en' : 'de';
  try { localStorage.setItem('hilfsnetz.lang', current); } catch { /* private mode */ }
  document.documentElement.lang = current;
}

export function initialUiLanguage() {
  let stored = null;
  try { stored = localStorage.getItem('hilfsnetz.lang'); } catch { /* private mode */ }
  return stored === 'en' ? 'en' : 'de';
}

// t('search.total', {n: 3}) → "3 Initiativen".
export function t(key, vars = {}) {
  const text = TEXTS[current][key] ?? TEXTS.de[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : ''));
}

// The label of an API enum value (kind: need, topic, status, language, component).
export function label(kind, value) {
  const pair = LABELS[kind]?.[value];
  if (!pair) return value;
  return pair[current === 'en' ? 1 : 0];
}

// The German or English text of an API object with `de` and `en` fields (reasons, notices).
export function pick(obj) {
  return (current === 'en' ? obj.en : obj.de) || obj.de || obj.en || '';
}

export function formatNumber(n, digits = 0) {
  return new Intl.NumberFormat(current === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: digits }).format(n);
}

export function formatEur(n) {
  return new Intl.NumberFormat(current === 'en' ? 'en-GB' : 'de-DE', {
    style: 'currency', currency: 'EUR', maximumFractionDigits: 0,
  }).format(n);
}

export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(current === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'long' }).format(d);
}

// Fills the page's static texts (data-i18n, data-i18n-label) in the current language.
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
