/* global window, URLSearchParams, document, sessionStorage */
// The token inventory (#/tokens): riskiest first by default, each score explained by its reasons,
// the lifecycle policy state per token, filters by flag and policy state, and a CSV export.
import { KEY, api, el, hintText, fmtTime, select, shortFp } from './ui.js';

const SORTS = [
  ['risk', 'risk'],
  ['last_seen', 'last seen'],
  ['volume', 'volume'],
];
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
const POLICY_FILTERS = [
  ['', 'any'],
  ['past_max_age,rotation_overdue,dormant', 'past policy'],
  ['rotation_due,rotation_overdue', 'rotation due or overdue'],
  ['rotation_overdue', 'rotation overdue'],
  ['past_max_age', 'past maximum age'],
  ['dormant', 'dormant'],
  ['ok', 'within policy'],
];
export const POLICY_LABEL = {
  ok: 'within policy',
  rotation_due: 'rotation due',
  rotation_overdue: 'rotation overdue',
  past_max_age: 'past maximum age',
  dormant: 'dormant',
};

const riskClass = (r) => (r >= 60 ? 'risk-high' : r >= 30 ? 'risk-medium' : 'risk-low');

/** Downloads the filtered inventory as CSV (the API answers it; the key goes in the header, not the URL). */
async function downloadCsv(query, status) {
  const csvQuery = new URLSearchParams(query);
  csvQuery.delete('limit');
  csvQuery.set('format', 'csv');
  const res = await fetch(`/api/tokens?${csvQuery}`, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` } });
  if (!res.ok) {
    status.textContent = `Export failed: HTTP ${res.status}`;
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const link = el('a', { href: url, download: 'tokens.csv' });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
  status.textContent = 'Exported tokens.csv';
}

export async function tokensPage(view) {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const sort = params.get('sort') ?? 'risk';
  const flag = params.get('flag') ?? '';
  const policy = params.get('policy') ?? '';
  const query = new URLSearchParams({ limit: '500', sort, ...(flag ? { flag } : {}), ...(policy ? { policy } : {}) });
  const { items, total, truncated } = await api(`/api/tokens?${query}`);
  const sortSelect = select('inventory-sort', SORTS, sort);
  const flagSelect = select('inventory-flag', FLAGS, flag);
  const policySelect = select('inventory-policy', POLICY_FILTERS, policy);
  const reload = () => {
    const next = new URLSearchParams({
      sort: sortSelect.value,
      ...(flagSelect.value ? { flag: flagSelect.value } : {}),
      ...(policySelect.value ? { policy: policySelect.value } : {}),
    });
    window.location.hash = `#/tokens?${next}`;
  };
  sortSelect.onchange = reload;
  flagSelect.onchange = reload;
  policySelect.onchange = reload;
  const exportStatus = el('span', { id: 'export-status', role: 'status' });
  view.replaceChildren(
    el('h2', {}, 'Token inventory'),
    el(
      'div',
      { class: 'filters' },
      el('label', { for: 'inventory-sort' }, 'Sort by'),
      sortSelect,
      el('label', { for: 'inventory-flag' }, 'Flagged'),
      flagSelect,
      el('label', { for: 'inventory-policy' }, 'Policy'),
      policySelect,
      el('button', { type: 'button', id: 'export-csv', onclick: () => downloadCsv(query, exportStatus) }, 'Export CSV'),
      exportStatus,
    ),
    el('p', { id: 'inventory-count' }, `${total} tokens${truncated ? ' (the first 50 000 by fingerprint)' : ''}`),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { id: 'inventory' },
        el(
          'tr',
          {},
          [
            'Risk',
            'Why',
            'Token',
            'Consumer',
            'First seen',
            'Age (days)',
            'Last seen',
            'Policy',
            'Rotation due',
            'Events',
            'Countries',
            'IPs',
            'Clients',
            'Alerts',
            'Flags',
          ].map((h) => el('th', { scope: 'col' }, h)),
        ),
        items.map((t) =>
          el(
            'tr',
            { 'data-fp': t.fp },
            el('td', {}, el('span', { class: `risk ${riskClass(t.risk)}` }, t.risk)),
            el(
              'td',
              { class: 'reasons' },
              el(
                'ul',
                {},
                t.riskReasons.map((r) => el('li', {}, `+${r.points} ${r.detail}`)),
              ),
            ),
            el('td', {}, el('a', { href: `#/tokens/${t.fp}` }, shortFp(t.fp)), hintText(t.hint)),
            el('td', {}, t.consumer ?? '—'),
            el('td', { class: 'first-seen', title: fmtTime(t.firstSeen) }, fmtTime(t.firstSeen).slice(0, 10)),
            el('td', { class: 'age' }, t.lifecycle.ageDays),
            el('td', { class: 'last-seen', title: fmtTime(t.lastSeen) }, fmtTime(t.lastSeen).slice(0, 10)),
            el(
              'td',
              { class: 'policy-cell', title: t.lifecycle.violations.join('; ') || `within policy "${t.lifecycle.policy}"` },
              el('span', { class: `policy policy-${t.lifecycle.policyState}` }, POLICY_LABEL[t.lifecycle.policyState] ?? t.lifecycle.policyState),
            ),
            el('td', { class: 'rotation-due' }, fmtTime(t.lifecycle.rotationOverdueAt).slice(0, 10)),
            el('td', {}, t.events),
            el('td', {}, t.countries.join(', ')),
            el('td', {}, t.ips),
            el('td', {}, t.userAgents, t.lifecycle.sharedClients ? el('span', { class: 'flag' }, 'shared') : ''),
            el('td', {}, t.alerts),
            el(
              'td',
              {},
              Object.entries(t.flags)
                .filter(([, on]) => on)
                .map(([f]) => el('span', { class: 'flag' }, FLAG_LABEL[f] ?? f)),
            ),
          ),
        ),
      ),
    ),
  );
}
