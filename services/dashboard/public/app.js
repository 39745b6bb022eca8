/* global document, window, sessionStorage, location */
// tokenwatch SOC dashboard: vanilla JS modules, no build step. Talks to the API with the key kept in
// sessionStorage; every value from the API is inserted as text (never as HTML).
import { tokensPage } from './inventory.js';
import { DURATIONS, silenceCard, silencesPage } from './silences.js';
import { KEY, api, el, fmtTime, select, sev } from './ui.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
const logout = document.getElementById('logout');

window.addEventListener('tokenwatch:unauthorized', () => showLogin('That key was not accepted.'));

function showLogin(message = '') {
  login.hidden = false;
  logout.hidden = true;
  view.replaceChildren();
  document.getElementById('login-error').textContent = message;
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

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };

async function alertsPage() {
  const { items } = await api('/api/alerts?limit=200');
  items.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.ts - a.ts);
  view.replaceChildren(
    el('h2', {}, 'Alert queue'),
    el(
      'table',
      { id: 'alert-queue' },
      el('tr', {}, ['Severity', 'Detected', 'Token', 'Summary', 'State', 'Triage'].map((h) => el('th', {}, h))),
      items.map((a) =>
        el(
          'tr',
          { 'data-alert-id': a.id },
          el('td', {}, sev(a.severity)),
          el('td', {}, fmtTime(a.ts)),
          el('td', {}, el('a', { href: `#/tokens/${a.token.fp}` }, `${a.token.fp.slice(0, 12)}…`), a.token.hint ? ` (…${a.token.hint})` : ''),
          el('td', {}, el('a', { href: `#/alerts/${encodeURIComponent(a.id)}` }, a.summary)),
          el('td', {}, a.state),
          el('td', {}, a.triage ? `${a.triage.action} by ${a.triage.by.name}` : '—'),
        ),
      ),
    ),
  );
}

async function alertPage(id) {
  const d = await api(`/api/alerts/${encodeURIComponent(id)}`);
  const a = d.alert;
  const reason = el('textarea', { id: 'triage-reason', placeholder: 'Reason (required)' });
  const status = el('p', { id: 'triage-status' }, d.triage ? `Triage: ${d.triage.action} by ${d.triage.by.name} — ${d.triage.reason}` : 'Not triaged');
  const suppress = el('input', { type: 'checkbox', id: 'fp-suppress' });
  const suppressFor = select('fp-for', DURATIONS, '7d');
  const act = (action) => async () => {
    const body = { reason: reason.value, ...(action === 'false-positive' && suppress.checked ? { suppress: { for: suppressFor.value, scope: 'token-signal' } } : {}) };
    try {
      const r = await api(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: JSON.stringify(body) });
      status.textContent = `Triage: ${r.triage.action} by ${r.triage.by.name} — ${r.triage.reason}${r.silence ? ` · silenced until ${fmtTime(r.silence.endsAt)}` : ''}`;
    } catch (error) {
      status.textContent = `Failed: ${error.message}`;
    }
  };
  view.replaceChildren(
    el('h2', {}, sev(a.severity), ' ', a.summary),
    el('p', {}, `Score ${a.score.toFixed(2)} · ${a.state} · window ${fmtTime(a.window.start)} – ${fmtTime(a.window.end)} · token `,
      el('a', { href: `#/tokens/${a.token.fp}` }, a.token.fp)),
    el('div', { class: 'card', id: 'explanation' }, el('h3', {}, 'Why'), el('ul', {}, d.explanation.lines.map((l) => el('li', {}, l)))),
    el('div', { class: 'card' }, el('h3', {}, 'Observed vs baseline'),
      el('table', {}, el('tr', {}, ['Signal', 'Score', 'Observed', 'Baseline'].map((h) => el('th', {}, h))),
        d.explanation.comparisons.map((c) => el('tr', {}, el('td', {}, c.type), el('td', {}, c.score.toFixed(2)),
          el('td', {}, el('code', {}, JSON.stringify(c.observed))), el('td', {}, el('code', {}, JSON.stringify(c.baseline))))))),
    el('div', { class: 'card actions' }, el('h3', {}, 'Triage'), reason,
      el('button', { type: 'button', id: 'ack', onclick: act('ack') }, 'Acknowledge'),
      el('button', { type: 'button', id: 'resolve', onclick: act('resolve') }, 'Resolve'),
      el('button', { type: 'button', id: 'false-positive', onclick: act('false-positive') }, 'False positive'),
      el('label', {}, suppress, ' a false positive also silences this token\'s alerts of these signal types for ', suppressFor), status),
    silenceCard(a, d.silencedBy),
    el('div', { class: 'card' }, el('h3', {}, `Evidence (${d.evidence.length} events in the window)`),
      el('table', {}, el('tr', {}, ['Time', 'IP', 'Country', 'Method', 'Route', 'Status'].map((h) => el('th', {}, h))),
        d.evidence.slice(0, 50).map((e) => el('tr', {}, el('td', {}, fmtTime(e.ts)), el('td', {}, e.ip ?? '—'), el('td', {}, e.geo?.country ?? '—'),
          el('td', {}, e.method ?? '—'), el('td', {}, e.route ?? '—'), el('td', {}, e.status ?? '—'))))),
  );
}

function bars(rows, label) {
  const max = Math.max(1, ...rows.map((r) => r.events));
  return el('table', {}, rows.map((r) => el('tr', {}, el('td', {}, r[label] ?? '—'), el('td', {}, el('span', { class: 'bar', style: `width:${Math.round((200 * r.events) / max)}px` }), ` ${r.events}`))));
}

async function tokenPage(fp) {
  const d = await api(`/api/tokens/${encodeURIComponent(fp)}`);
  const max = Math.max(1, ...d.band.map((h) => Math.max(h.events, h.high)));
  const pct = (v) => `${Math.round((100 * v) / max)}%`;
  view.replaceChildren(
    el('h2', {}, 'Token ', el('code', {}, d.fp)),
    el('div', { class: 'card' }, el('h3', {}, d.bandSource === 'detector' ? `Requests per hour (last 7 days) against the detector's baseline (expected for the hour of week ± 2σ; learned from ${d.learning.events} requests)` : `Requests per hour (last 7 days) against the same hour of day in this range (mean ± 2σ; ${d.learning ? 'the detector is still learning this token' : 'no detector baseline yet'})`),
      el('div', { class: 'chart', id: 'usage-chart' }, d.band.map((h) => el('span', { class: 'col', title: `${fmtTime(h.hour)}: ${h.events} (expected ${h.expected.toFixed(1)}, band ${h.low.toFixed(1)}–${h.high.toFixed(1)})` },
        el('i', { class: 'band', style: `bottom:${pct(h.low)};height:${pct(h.high - h.low)}` }),
        el('b', { class: h.events > h.high ? 'over' : '', style: `height:${pct(h.events)}` }))))),
    el('div', { class: 'card' }, el('h3', {}, 'Countries'), bars(d.countries, 'country')),
    el('div', { class: 'card' }, el('h3', {}, 'Route mix'), bars(d.routes, 'route')),
    el('div', { class: 'card' }, el('h3', {}, 'Alerts'), el('ul', {}, d.alerts.map((a) => el('li', {}, sev(a.severity), ' ', el('a', { href: `#/alerts/${encodeURIComponent(a.id)}` }, a.summary), ` (${a.state}, ${fmtTime(a.ts)})`)))),
  );
}

async function route() {
  if (!sessionStorage.getItem(KEY)) return showLogin();
  login.hidden = true;
  logout.hidden = false;
  const [path] = (location.hash || '#/alerts').split('?');
  const [, page, arg] = path.split('/');
  try {
    if (page === 'alerts' && arg) await alertPage(decodeURIComponent(arg));
    else if (page === 'tokens' && arg) await tokenPage(decodeURIComponent(arg));
    else if (page === 'tokens') await tokensPage(view);
    else if (page === 'silences') await silencesPage(view);
    else await alertsPage();
  } catch (error) {
    if (error.message !== 'unauthorized') view.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}

window.addEventListener('hashchange', route);
route();
