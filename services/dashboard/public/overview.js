/* global window, URLSearchParams, document */
// The overview (#/overview): alerts over time by severity, top signals and tokens, stored events
// per bucket, and the pipeline's rate, consumer lag and rejections.
import { SEVERITY_COLORS, chartBox, timeAxis, tooltip, valueAxis } from './charts.js';
import { api, el, hintText, select, sev, shortFp } from './ui.js';

const RANGES = [
  ['1h', 'last hour'],
  ['24h', 'last 24 hours'],
  ['7d', 'last 7 days'],
  ['30d', 'last 30 days'],
];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const num = (n) => n.toLocaleString('en');

function kpi(id, label, value, note = '') {
  return el(
    'div',
    { class: 'kpi', id },
    el('span', { class: 'kpi-value' }, value),
    el('span', { class: 'kpi-label' }, label),
    note ? el('span', { class: 'kpi-note' }, note) : '',
  );
}

/** Bucket starts of the range: every bucket gets a bar or point, zero when nothing happened. */
function bucketsOf(range) {
  const buckets = [];
  for (let t = range.from; t < range.to; t += range.bucket) buckets.push(t);
  return buckets;
}
const rangeAxis = (name, range) => ({ ...timeAxis(name), min: range.from, max: range.to });

function alertsChart(d) {
  const buckets = bucketsOf(d.range);
  const count = (t, s) => d.alertsOverTime.find((r) => r.bucket === t && r.severity === s)?.alerts ?? 0;
  return chartBox('alerts-over-time', `Alerts per ${d.range.bucket / 60_000} minutes by severity`, {
    tooltip,
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 50 },
    xAxis: rangeAxis('Detected (UTC)', d.range),
    yAxis: valueAxis('Alerts'),
    series: SEVERITIES.map((s) => ({
      name: s,
      type: 'bar',
      stack: 'alerts',
      color: SEVERITY_COLORS[s],
      barMaxWidth: 24,
      data: buckets.map((t) => [t + d.range.bucket / 2, count(t, s)]),
    })),
  });
}

function eventsChart(d) {
  const byBucket = new Map(d.eventsOverTime.map((b) => [b.bucket, b]));
  const series = (pick) => bucketsOf(d.range).map((t) => [t + d.range.bucket / 2, pick(byBucket.get(t) ?? { events: 0, errors: 0 })]);
  return chartBox(
    'events-over-time',
    'Stored access events per bucket',
    {
      tooltip,
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: rangeAxis('Event time (UTC)', d.range),
      yAxis: valueAxis('Events'),
      series: [
        { name: 'requests', type: 'line', areaStyle: { opacity: 0.25 }, color: '#3b5bdb', showSymbol: false, data: series((b) => b.events) },
        { name: 'error status', type: 'line', color: '#c92a2a', showSymbol: false, data: series((b) => b.errors) },
      ],
    },
    220,
  );
}

function signalsChart(d) {
  if (d.topSignals.length === 0) return el('p', { id: 'top-signals' }, 'No alerts in this range.');
  const rows = [...d.topSignals].reverse();
  return chartBox(
    'top-signals',
    `Top signals: ${d.topSignals.map((s) => `${s.signal} ${s.alerts}`).join(', ') || 'none'}`,
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 150, right: 30, top: 10, bottom: 40 },
      xAxis: { ...valueAxis('Alerts'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: rows.map((s) => s.signal), axisLabel: { color: '#3b4252' } },
      series: [{ type: 'bar', color: '#5f3dc4', data: rows.map((s) => s.alerts), label: { show: true, position: 'right' } }],
    },
    Math.max(160, 28 * d.topSignals.length + 60),
  );
}

const REFRESH_MS = 15_000;

/** Redraws the overview every 15 s while it is shown and the analyst is not using a control on it. */
function scheduleRefresh(view, rendered) {
  setTimeout(() => {
    const still = view.contains(rendered) && window.location.hash.startsWith('#/overview');
    if (!still) return;
    if (document.hidden || view.contains(document.activeElement)) scheduleRefresh(view, rendered);
    else overviewPage(view).catch(() => scheduleRefresh(view, rendered));
  }, REFRESH_MS);
}

export async function overviewPage(view) {
  const range = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('range') ?? '24h';
  const d = await api(`/api/overview?range=${encodeURIComponent(range)}`);
  const rangeSelect = select('overview-range', RANGES, d.range.name);
  rangeSelect.onchange = () => (window.location.hash = `#/overview?range=${rangeSelect.value}`);
  const p = d.pipeline;
  const lag = p.consumerLag.reduce((n, g) => n + g.lag, 0);
  const rejected = p.rejections.reduce((n, r) => n + r.count, 0);
  const heading = el('h2', {}, 'Overview');
  view.replaceChildren(
    heading,
    el('p', {}, el('label', { for: 'overview-range' }, 'Range '), rangeSelect),
    el(
      'section',
      { class: 'kpis', 'aria-label': 'Key figures' },
      kpi('kpi-firing', 'firing alerts', num(d.firing), el('a', { href: '#/alerts?state=firing' }, 'open the queue')),
      kpi(
        'kpi-rate',
        'events stored per second',
        p.available ? (p.eventsPerSecond === null ? '…' : num(Math.round(p.eventsPerSecond))) : '—',
        p.available ? `${num(p.eventsStored)} since start` : 'no ingest in this process',
      ),
      kpi('kpi-lag', 'consumer lag (messages)', p.available ? num(lag) : '—', p.consumerLag.map((g) => `${g.group} ${num(g.lag)}`).join(' · ')),
      kpi(
        'kpi-rejections',
        'rejected records',
        p.available ? num(rejected) : '—',
        p.rejections
          .slice(0, 3)
          .map((r) => `${r.reason} ${num(r.count)}`)
          .join(' · '),
      ),
    ),
    el(
      'div',
      { class: 'grid-2' },
      el('div', { class: 'card' }, el('h3', {}, 'Alerts over time by severity'), alertsChart(d)),
      el('div', { class: 'card' }, el('h3', {}, 'Top signals'), signalsChart(d)),
    ),
    el(
      'div',
      { class: 'grid-2' },
      el('div', { class: 'card' }, el('h3', {}, 'Ingest: stored events'), eventsChart(d)),
      el(
        'div',
        { class: 'card' },
        el('h3', {}, 'Top tokens by alerts'),
        el(
          'table',
          { id: 'top-tokens' },
          el(
            'tr',
            {},
            ['Token', 'Worst', 'Firing', 'Alerts'].map((h) => el('th', { scope: 'col' }, h)),
          ),
          d.topTokens.map((t) =>
            el(
              'tr',
              {},
              el('td', {}, el('a', { href: `#/tokens/${t.fp}` }, shortFp(t.fp)), hintText(t.hint)),
              el('td', {}, sev(t.worstSeverity)),
              el('td', {}, t.firing),
              el('td', {}, t.alerts),
            ),
          ),
        ),
        el('h3', { class: 'spaced' }, 'Rejections by reason'),
        p.rejections.length
          ? el(
              'ul',
              { id: 'rejections' },
              p.rejections.map((r) => el('li', {}, `${r.reason}: ${num(r.count)}`)),
            )
          : el('p', {}, p.available ? 'None since start.' : 'No ingest in this process.'),
      ),
    ),
  );
  scheduleRefresh(view, heading);
}
