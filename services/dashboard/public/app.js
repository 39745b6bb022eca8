/* global document, window, sessionStorage, location, Node */
// tokenwatch SOC dashboard: vanilla JS, no build step. Talks to the API with the key kept in
// sessionStorage; every value from the API is inserted as text (never as HTML).
const KEY = 'tokenwatch.apiKey';
const view = document.getElementById('view');
const login = document.getElementById('login');
const logout = document.getElementById('logout');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick' || k === 'onsubmit') node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}

const fmtTime = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
const sev = (s) => el('span', { class: `sev sev-${s}` }, s);

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`, 'content-type': 'application/json' },
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    showLogin('That key was not accepted.');
    throw new Error('unauthorized');
  }
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

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
  const act = (action) => async () => {
    try {
      const r = await api(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: JSON.stringify({ reason: reason.value }) });
      status.textContent = `Triage: ${r.triage.action} by ${r.triage.by.name} — ${r.triage.reason}`;
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
      el('button', { type: 'button', id: 'false-positive', onclick: act('false-positive') }, 'False positive'), status),
    el('div', { class: 'card' }, el('h3', {}, `Evidence (${d.evidence.length} events in the window)`),
      el('table', {}, el('tr', {}, ['Time', 'IP', 'Country', 'Method', 'Route', 'Status'].map((h) => el('th', {}, h))),
        d.evidence.slice(0, 50).map((e) => el('tr', {}, el('td', {}, fmtTime(e.ts)), el('td', {}, e.ip ?? '—'), el('td', {}, e.geo?.country ?? '—'),
          el('td', {}, e.method ?? '—'), el('td', {}, e.route ?? '—'), el('td', {}, e.status ?? '—'))))),
  );
}

async function tokensPage() {
  const { items } = await api('/api/tokens?limit=500');
  const flags = (f) => [f.longLived && 'long-lived', f.dormant && 'dormant', f.sharedIps && 'shared IPs'].filter(Boolean).map((x) => el('span', { class: 'flag' }, x));
  view.replaceChildren(
    el('h2', {}, 'Token inventory'),
    el('table', { id: 'inventory' },
      el('tr', {}, ['Token', 'Consumer', 'First seen', 'Last seen', 'Age (days)', 'Events', 'Countries', 'Routes', 'IPs', 'Alerts', 'Flags'].map((h) => el('th', {}, h))),
      items.map((t) => el('tr', {}, el('td', {}, el('a', { href: `#/tokens/${t.fp}` }, `${t.fp.slice(0, 12)}…`)), el('td', {}, t.consumer ?? '—'),
        el('td', {}, fmtTime(t.firstSeen)), el('td', {}, fmtTime(t.lastSeen)), el('td', {}, t.ageDays), el('td', {}, t.events),
        el('td', {}, t.countries.join(', ')), el('td', {}, t.routes), el('td', {}, t.ips), el('td', {}, t.alerts), el('td', {}, flags(t.flags))))),
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
    el('div', { class: 'card' }, el('h3', {}, 'Requests per hour (last 7 days) against the baseline band (same hour of day, mean ± 2σ)'),
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
  const [, page, arg] = (location.hash || '#/alerts').split('/');
  try {
    if (page === 'alerts' && arg) await alertPage(decodeURIComponent(arg));
    else if (page === 'tokens' && arg) await tokenPage(decodeURIComponent(arg));
    else if (page === 'tokens') await tokensPage();
    else await alertsPage();
  } catch (error) {
    if (error.message !== 'unauthorized') view.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}

window.addEventListener('hashchange', route);
route();
