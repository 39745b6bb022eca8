/* global window, URLSearchParams, document */
// The alert queue (#/alerts): ordered by the server over every alert (firing first, then severity,
// newest first), filtered by the server, paged with its cursor; j/k move, Enter opens.
import { api, el, hintText, fmtTime, select, sev, shortFp } from './ui.js';

const STATES = [
  ['', 'any state'],
  ['firing', 'firing'],
  ['resolved', 'resolved'],
];
const SEVERITIES = [
  ['', 'any severity'],
  ['critical', 'critical'],
  ['high', 'high or worse'],
  ['medium', 'medium or worse'],
];
const AT_LEAST = { critical: 'critical', high: 'critical,high', medium: 'critical,high,medium' };

export async function alertsPage(view) {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const state = params.get('state') ?? '';
  const severity = params.get('severity') ?? '';
  const signal = params.get('signal') ?? '';
  const cursors = (params.get('pages') ?? '').split('.').filter(Boolean);
  const query = new URLSearchParams({
    limit: '50',
    ...(state ? { state } : {}),
    ...(severity ? { severity: AT_LEAST[severity] } : {}),
    ...(signal ? { signal } : {}),
    ...(cursors.length ? { cursor: cursors.at(-1) } : {}),
  });
  const { items, total, nextCursor } = await api(`/api/queue?${query}`);

  const stateSelect = select('queue-state', STATES, state);
  const severitySelect = select('queue-severity', SEVERITIES, severity);
  const signalInput = el('input', { id: 'queue-signal', value: signal, placeholder: 'e.g. new_country', size: 16 });
  const go = (pages) => {
    const next = new URLSearchParams({
      ...(stateSelect.value ? { state: stateSelect.value } : {}),
      ...(severitySelect.value ? { severity: severitySelect.value } : {}),
      ...(signalInput.value.trim() ? { signal: signalInput.value.trim() } : {}),
      ...(pages.length ? { pages: pages.join('.') } : {}),
    });
    window.location.hash = `#/alerts?${next}`;
  };
  stateSelect.onchange = () => go([]);
  severitySelect.onchange = () => go([]);
  signalInput.onchange = () => go([]);
  const first = cursors.length * 50 + 1;

  view.replaceChildren(
    el('h2', {}, 'Alert queue'),
    el(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          go([]);
        },
      },
      el('label', { for: 'queue-state' }, 'State'),
      stateSelect,
      el('label', { for: 'queue-severity' }, 'Severity'),
      severitySelect,
      el('label', { for: 'queue-signal' }, 'Signal'),
      signalInput,
    ),
    el(
      'p',
      { id: 'queue-range', 'aria-live': 'polite' },
      total === 0
        ? 'No alerts match.'
        : `Alerts ${first}–${first + items.length - 1} of ${total}, firing first, then by severity and time. Keys: j/k move, Enter opens, ? lists all keys.`,
    ),
    el(
      'table',
      { id: 'alert-queue' },
      el(
        'tr',
        {},
        ['Severity', 'Detected', 'Token', 'Summary', 'State', 'Triage'].map((h) => el('th', { scope: 'col' }, h)),
      ),
      items.map((a) =>
        el(
          'tr',
          { 'data-alert-id': a.id, class: a.state === 'resolved' ? 'resolved' : '' },
          el('td', {}, sev(a.severity)),
          el('td', {}, fmtTime(a.ts)),
          el('td', {}, el('a', { href: `#/tokens/${a.token.fp}` }, shortFp(a.token.fp)), hintText(a.token.hint)),
          el('td', {}, el('a', { href: `#/alerts/${encodeURIComponent(a.id)}`, class: 'open-alert' }, a.summary)),
          el('td', {}, a.state),
          el('td', {}, a.triage ? `${a.triage.action} by ${a.triage.by.name}` : '—'),
        ),
      ),
    ),
    el(
      'nav',
      { class: 'pager', 'aria-label': 'Queue pages' },
      el('button', { type: 'button', id: 'queue-prev', disabled: cursors.length === 0, onclick: () => go(cursors.slice(0, -1)) }, '← Previous'),
      el('button', { type: 'button', id: 'queue-next', disabled: !nextCursor, onclick: () => go([...cursors, nextCursor]) }, 'Next →'),
    ),
  );
  selectRow(view, 0, false);
}

/** Marks row i of the queue as the current one; focus moves to its link when asked. */
export function selectRow(view, i, focus = true) {
  const rows = [...view.querySelectorAll('#alert-queue tr[data-alert-id]')];
  if (rows.length === 0) return;
  const index = Math.max(0, Math.min(rows.length - 1, i));
  for (const [n, row] of rows.entries()) row.classList.toggle('current', n === index);
  if (focus) rows[index].querySelector('a.open-alert')?.focus();
}

/** Moves the current row by `step` (j: +1, k: -1). */
export function moveSelection(view, step) {
  const rows = [...view.querySelectorAll('#alert-queue tr[data-alert-id]')];
  const current = rows.findIndex((r) => r.classList.contains('current') || r.contains(document.activeElement));
  selectRow(view, current < 0 ? 0 : current + step);
}
