// The page's entry: which view a path shows (/ search, /initiative/{id}, /companies, /staff),
// links inside the page handled with history.pushState, the back button (popstate), and the
// language switch (German by default; the choice is remembered in localStorage).
import { CompanyView } from './company_view.js';
import { h } from './dom.js';
import { initialUiLanguage, setUiLanguage, t, translateStatic, uiLanguage } from './i18n.js';
import { showInitiative } from './initiative_view.js';
import { SearchView } from './search_view.js';
import { showStaff } from './staff_view.js';

const main = document.getElementById('main');
let lastSearchUrl = '/';
const search = new SearchView(main, navigate);
const company = new CompanyView(main);
let currentView = null;

function viewOf(path) {
  if (path.startsWith('/initiative/')) return 'initiative';
  if (path === '/companies') return 'companies';
  if (path === '/staff') return 'staff';
  return 'search';
}

function markNav(view) {
  for (const a of document.querySelectorAll('header nav a')) {
    if (a.dataset.nav === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

const TITLES = { search: 'nav.search', companies: 'nav.companies', staff: 'nav.staff', initiative: 'search.initiative' };

// Shows the view of location; `moved`: a new page for the reader (focus goes to its heading).
async function route({ moved = true } = {}) {
  const view = viewOf(location.pathname);
  const changed = view !== currentView;
  currentView = view;
  markNav(view);
  document.title = `${t(TITLES[view])} – hilfsnetz`;
  if (view === 'search') {
    lastSearchUrl = location.pathname + location.search;
    if (changed) search.root = null;
    await search.show(location.search);
  } else if (view === 'initiative') {
    await showInitiative(main, decodeURIComponent(location.pathname.slice('/initiative/'.length)), lastSearchUrl);
  } else if (view === 'companies') {
    company.show();
  } else {
    await showStaff(main);
  }
  if (moved && changed) main.querySelector('h1')?.focus?.();
}

export function navigate(url) {
  // The search as typed (typing replaces the URL without a route()).
  if (currentView === 'search') lastSearchUrl = location.pathname + location.search;
  history.pushState(null, '', url);
  window.scrollTo(0, 0);
  return route();
}

// Same-origin links to the page's views stay in the page.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a');
  if (!a || a.hasAttribute('download') || a.target) return;
  const href = a.getAttribute('href') || (a.href && a.href.baseVal);
  if (!href || href.startsWith('mailto:')) return;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/v1/') || url.pathname.startsWith('/geo/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => route({ moved: false }));

const switcher = document.getElementById('lang-switch');
function applyLanguage(lang) {
  setUiLanguage(lang);
  translateStatic();
  switcher.textContent = t('lang.other');
  switcher.lang = t('lang.otherCode');
}
switcher.addEventListener('click', () => {
  applyLanguage(uiLanguage() === 'de' ? 'en' : 'de');
  document.title = `${t(TITLES[currentView])} – hilfsnetz`;
  if (currentView === 'search') search.rerender();
  else if (currentView === 'companies') { company.saved = company.values(); company.show(); }
  else route({ moved: false });
  switcher.focus();
});

// A bug of the page itself: a sentence instead of a silent stop (the details stay in the
// browser's console).
function showBug() {
  if (document.getElementById('page-bug')) return;
  main.prepend(h('div', { id: 'page-bug', class: 'msg msg-error', role: 'alert' }, h('p', {}, t('error.page'))));
}
window.addEventListener('error', showBug);
window.addEventListener('unhandledrejection', showBug);

applyLanguage(initialUiLanguage());
// h1 headings take focus after a view change (tabindex -1: focusable by script only).
new MutationObserver(() => { for (const h1 of main.querySelectorAll('h1:not([tabindex])')) h1.tabIndex = -1; })
  .observe(main, { childList: true, subtree: true });
route({ moved: false });
