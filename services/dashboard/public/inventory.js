/* global window, URLSearchParams */
// The token inventory (#/tokens): riskiest first by default, each score explained by its reasons.
import { api, el, fmtTime, select, shortFp } from './ui.js';

const SORTS = [['risk', 'risk'], ['last_seen', 'last seen'], ['volume', 'volume']];
const FLAGS = [
  ['', 'any'],
  ['openAlerts', 'open alerts'],
  ['dormantThenActive', 'dormant, then active'],
  ['sharedIps', 'shared across IPs'],
  ['sharedUserAgents', 'shared across clients'],
  ['manyCountries', 'many countries'],
  ['sensitiveRoutes', 'sensitive routes'],
  ['longLived', 'long-lived'],
  ['dormant', 'dormant'],
];
const FLAG_LABEL = Object.fromEntries(FLAGS);

const riskClass = (r) => (r >= 60 ? 'risk-high' : r >= 30 ? 'risk-medium' : 'risk-low');

export async function tokensPage(view) {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const sort = params.get('sort') ?? 'risk';
  const flag = params.get('flag') ?? '';
  const query = new URLSearchParams({ limit: '500', sort, ...(flag ? { flag } : {}) });
  const { items, total, truncated } = await api(`/api/tokens?${query}`);
  const sortSelect = select('inventory-sort', SORTS, sort);
  const flagSelect = select('inventory-flag', FLAGS, flag);
  const reload = () => {
    const next = new URLSearchParams({ sort: sortSelect.value, ...(flagSelect.value ? { flag: flagSelect.value } : {}) });
    window.location.hash = `#/tokens?${next}`;
  };
  sortSelect.onchange = reload;
  flagSelect.onchange = reload;
  view.replaceChildren(
    el('h2', {}, 'Token inventory'),
    el('p', {}, 'Sort by ', sortSelect, ' · only tokens flagged ', flagSelect, ` · ${total} tokens${truncated ? ' (the first 50 000 by fingerprint)' : ''}`),
    el('table', { id: 'inventory' },
      el('tr', {}, ['Risk', 'Why', 'Token', 'Consumer', 'Last seen', 'Age (days)', 'Events', 'Countries', 'IPs', 'Alerts', 'Flags'].map((h) => el('th', {}, h))),
      items.map((t) => el('tr', { 'data-fp': t.fp },
        el('td', {}, el('span', { class: `risk ${riskClass(t.risk)}` }, t.risk)),
        el('td', { class: 'reasons' }, el('ul', {}, t.riskReasons.map((r) => el('li', {}, `+${r.points} ${r.detail}`)))),
        el('td', {}, el('a', { href: `#/tokens/${t.fp}` }, shortFp(t.fp)), t.hint ? ` (…${t.hint})` : ''),
        el('td', {}, t.consumer ?? '—'), el('td', {}, fmtTime(t.lastSeen)), el('td', {}, t.ageDays), el('td', {}, t.events),
        el('td', {}, t.countries.join(', ')), el('td', {}, t.ips), el('td', {}, t.alerts),
        el('td', {}, Object.entries(t.flags).filter(([, on]) => on).map(([f]) => el('span', { class: 'flag' }, FLAG_LABEL[f] ?? f)))))),
  );
}
