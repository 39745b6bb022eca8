/* global document, window, sessionStorage, location */
// tokenwatch SOC dashboard: vanilla JS modules, no build step; charts and the map come from npm
// packages the API serves at vendor/. Talks to the API with the key kept in sessionStorage; every
// value from the API is inserted as text (never as HTML).
import { alertPage } from './alert.js';
import { tokensPage } from './inventory.js';
import { installKeys } from './keyboard.js';
import { overviewPage } from './overview.js';
import { alertsPage } from './queue.js';
import { silencesPage } from './silences.js';
import { tokenPage } from './token.js';
import { KEY, el } from './ui.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
const logout = document.getElementById('logout');

window.addEventListener('tokenwatch:unauthorized', () => showLogin('That key was not accepted.'));

function showLogin(message = '') {
  login.hidden = false;
  logout.hidden = true;
  view.replaceChildren();
  document.getElementById('login-error').textContent = message;
  document.getElementById('api-key').focus();
}

login.onsubmit = (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, document.getElementById('api-key').value.trim());
  route();
};
logout.onclick = () => {
  sessionStorage.removeItem(KEY);
  showLogin();
};

function markNav(page) {
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.getAttribute('href') === `#/${page}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  if (!sessionStorage.getItem(KEY)) return showLogin();
  login.hidden = true;
  logout.hidden = false;
  const [path] = (location.hash || '#/overview').split('?');
  const [, page, arg] = path.split('/');
  markNav(page || 'overview');
  view.setAttribute('aria-busy', 'true');
  try {
    if (page === 'alerts' && arg) await alertPage(view, decodeURIComponent(arg));
    else if (page === 'alerts') await alertsPage(view);
    else if (page === 'tokens' && arg) await tokenPage(view, decodeURIComponent(arg));
    else if (page === 'tokens') await tokensPage(view);
    else if (page === 'silences') await silencesPage(view);
    else await overviewPage(view);
    document.title = `${view.querySelector('h2')?.textContent ?? 'tokenwatch'} · tokenwatch SOC`;
  } catch (error) {
    if (error.message !== 'unauthorized') view.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  } finally {
    view.removeAttribute('aria-busy');
  }
}

installKeys(view);
window.addEventListener('hashchange', route);
route();
