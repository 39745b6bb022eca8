// The token page (#/tokens/:fp): requests per hour against the baseline band (axes, UTC times),
// lifecycle facts under the policy, networks, countries, route mix and alerts.
import { chartBox, timeAxis, tooltip, valueAxis } from './charts.js';
import { POLICY_LABEL } from './inventory.js';
import { api, el, fmtTime, sev } from './ui.js';

function volumeChart(d) {
  const title =
    d.bandSource === 'detector'
      ? `Requests per hour against the detector's baseline (expected for the hour of week ± 2σ; learned from ${d.learning.events} requests)`
      : `Requests per hour against the same hour of day in this range (mean ± 2σ; ${d.learning ? 'the detector is still learning this token' : 'no detector baseline yet'})`;
  const point = (pick) => d.band.map((h) => [h.hour, Math.max(0, Number(pick(h).toFixed(2)))]);
  const chart = chartBox(
    'usage-chart',
    `${title}. ${d.band.filter((h) => h.events > h.high).length} hours above the band.`,
    {
      tooltip,
      legend: { top: 0, data: ['requests', 'above the band', 'expected', 'expected range (± 2σ)'] },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { ...timeAxis('Time (UTC)'), min: d.range.from, max: d.range.to },
      yAxis: valueAxis('Requests per hour'),
      series: [
        { name: 'band floor', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, data: point((h) => h.low) },
        {
          name: 'expected range (± 2σ)',
          type: 'line',
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: '#a5d8ff', opacity: 0.6 },
          color: '#a5d8ff',
          data: point((h) => Math.max(0, h.high - h.low)),
        },
        { name: 'expected', type: 'line', symbol: 'none', color: '#1864ab', lineStyle: { type: 'dashed', width: 1 }, data: point((h) => h.expected) },
        { name: 'requests', type: 'bar', color: '#3b5bdb', barMaxWidth: 8, data: d.band.map((h) => [h.hour, h.events <= h.high ? h.events : 0]) },
        {
          name: 'above the band',
          type: 'bar',
          stack: 'over',
          color: '#c92a2a',
          barMaxWidth: 8,
          barGap: '-100%',
          data: d.band.map((h) => [h.hour, h.events > h.high ? h.events : 0]),
        },
      ],
    },
    300,
  );
  return el('div', { class: 'card' }, el('h3', {}, title), chart);
}

function fact(label, value, id) {
  return [el('dt', {}, label), el('dd', id ? { id } : {}, value ?? '—')];
}

function lifecycleCard(l) {
  if (!l)
    return el('div', { class: 'card' }, el('h3', {}, 'Lifecycle'), el('p', {}, 'No lifecycle facts: the token has neither stored events nor a baseline.'));
  const rotation = l.conditions.includes('rotation_overdue')
    ? `overdue since ${fmtTime(l.rotationOverdueAt)}`
    : `due ${fmtTime(l.rotationDueAt)}, overdue ${fmtTime(l.rotationOverdueAt)}`;
  return el(
    'div',
    { class: 'card', id: 'lifecycle' },
    el('h3', {}, 'Lifecycle'),
    el(
      'p',
      {},
      el('span', { class: `policy policy-${l.policyState}` }, POLICY_LABEL[l.policyState] ?? l.policyState),
      ` under policy "${l.policy}"${l.label ? ` (label ${l.label})` : ''}`,
    ),
    l.violations.length
      ? el(
          'ul',
          { class: 'violations' },
          l.violations.map((v) => el('li', {}, v)),
        )
      : '',
    el(
      'dl',
      { class: 'facts' },
      fact('Consumer (owner)', l.consumer, 'fact-consumer'),
      fact('Service', l.service),
      fact('Credential kind', l.kind, 'fact-kind'),
      fact('Hint', l.hint ? `…${l.hint}` : null),
      fact('First seen', fmtTime(l.firstSeen), 'fact-first-seen'),
      fact('Age', `${l.ageDays} days`, 'fact-age'),
      fact('Last seen', `${fmtTime(l.lastSeen)} (${l.idleDays} days ago)`),
      fact('Rotation', `every ${l.limits.rotateEveryDays} days: ${rotation}`),
      fact('Maximum age', `${l.limits.maxAgeDays} days (${fmtTime(l.maxAgeAt)})`),
      fact('Dormant after', `${l.limits.maxIdleDays} silent days`),
      fact(
        'Clients',
        `${l.userAgents} user agent${l.userAgents === 1 ? '' : 's'}, ${l.ips} IP${l.ips === 1 ? '' : 's'}${l.sharedClients ? ' — shared across many clients' : ''}`,
      ),
    ),
  );
}

function bars(rows, label, id) {
  const max = Math.max(1, ...rows.map((r) => r.events));
  return el(
    'table',
    { id },
    rows.map((r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, r[label] ?? '—'),
        el('td', {}, el('span', { class: 'bar', style: `width:${Math.round((200 * r.events) / max)}px` }), ` ${r.events}`),
      ),
    ),
  );
}

export async function tokenPage(view, fp) {
  const d = await api(`/api/tokens/${encodeURIComponent(fp)}`);
  view.replaceChildren(
    el('h2', {}, 'Token ', el('code', {}, d.fp)),
    volumeChart(d),
    el(
      'div',
      { class: 'grid-2' },
      lifecycleCard(d.lifecycle),
      el(
        'div',
        { class: 'card' },
        el('h3', {}, 'Alerts'),
        d.alerts.length
          ? el(
              'ul',
              { id: 'token-alerts' },
              d.alerts.map((a) =>
                el('li', {}, sev(a.severity), ' ', el('a', { href: `#/alerts/${encodeURIComponent(a.id)}` }, a.summary), ` (${a.state}, ${fmtTime(a.ts)})`),
              ),
            )
          : el('p', {}, 'No alerts.'),
      ),
    ),
    el(
      'div',
      { class: 'grid-2' },
      el(
        'div',
        { class: 'card' },
        el('h3', {}, 'Networks'),
        el(
          'table',
          { id: 'networks' },
          el(
            'tr',
            {},
            ['Network', 'Class', 'IPs', 'Requests', 'Countries'].map((h) => el('th', { scope: 'col' }, h)),
          ),
          d.networks.map((n) =>
            el(
              'tr',
              {},
              el('td', {}, n.asn ? `AS${n.asn} ${n.org ?? ''}` : 'unknown (private, reserved or unannounced)'),
              el('td', {}, n.class ?? '—'),
              el('td', {}, n.ips),
              el('td', {}, n.events),
              el('td', {}, n.countries.join(', ')),
            ),
          ),
        ),
      ),
      el('div', { class: 'card' }, el('h3', {}, 'Countries'), bars(d.countries, 'country', 'countries')),
    ),
    el('div', { class: 'card' }, el('h3', {}, 'Route mix'), bars(d.routes, 'route', 'routes')),
  );
}
