/* global window, URLSearchParams */
// Silences: the list (#/silences) with expiry, and the card that creates one from an alert page.
import { api, el, fmtTime, select, shortFp } from './ui.js';

export const DURATIONS = [
  ['1h', '1 hour'],
  ['4h', '4 hours'],
  ['1d', '1 day'],
  ['7d', '7 days'],
  ['30d', '30 days'],
];

function matchersText(m) {
  return [m.token && `token ${shortFp(m.token)}`, m.consumer && `consumer ${m.consumer}`, m.signals && `signals ${m.signals.join(', ')}`]
    .filter(Boolean)
    .join(' · ');
}

export function silenceLine(s) {
  return `${matchersText(s.matchers)} until ${fmtTime(s.endsAt)} — ${s.comment} (${s.createdBy})`;
}

export async function silencesPage(view) {
  const all = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('all') === 'true';
  const { items } = await api(`/api/silences${all ? '?all=true' : ''}`);
  const toggle = el('input', {
    type: 'checkbox',
    id: 'silences-all',
    checked: all,
    onchange: () => (window.location.hash = toggle.checked ? '#/silences?all=true' : '#/silences'),
  });
  const expire = (s, cell) => async () => {
    try {
      const r = await api(`/api/silences/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      cell.replaceChildren(r.status);
    } catch (error) {
      cell.replaceChildren(`Failed: ${error.message}`);
    }
  };
  view.replaceChildren(
    el('h2', {}, 'Silences'),
    el(
      'p',
      {},
      'Silences mute Slack and PagerDuty (webhook and OCSF still receive every alert); the notifier applies a change within seconds. ',
      el('label', {}, toggle, ' show ended silences'),
    ),
    el(
      'table',
      { id: 'silences' },
      el(
        'tr',
        {},
        ['Status', 'Matches', 'Starts', 'Ends', 'Created by', 'Comment', 'Action'].map((h) => el('th', { scope: 'col' }, h)),
      ),
      items.map((s) => {
        const status = el('td', { class: 'status' }, s.status);
        return el(
          'tr',
          { 'data-silence-id': s.id },
          status,
          el(
            'td',
            {},
            s.matchers.token ? el('a', { href: `#/tokens/${s.matchers.token}` }, shortFp(s.matchers.token)) : '',
            [s.matchers.consumer && ` consumer ${s.matchers.consumer}`, s.matchers.signals && ` signals ${s.matchers.signals.join(', ')}`]
              .filter(Boolean)
              .join(' ·'),
          ),
          el('td', {}, fmtTime(s.startsAt)),
          el('td', {}, fmtTime(s.endsAt)),
          el('td', {}, s.createdBy),
          el('td', {}, s.comment),
          el('td', {}, s.status === 'expired' ? '' : el('button', { type: 'button', class: 'expire', onclick: expire(s, status) }, 'Expire')),
        );
      }),
    ),
    items.length === 0 ? el('p', { id: 'no-silences' }, all ? 'No silences.' : 'No pending or active silences.') : '',
  );
}

/** The "Silence" card of an alert page: this token and these signal types, or the whole token. */
export function silenceCard(alert, silencedBy) {
  const comment = el('textarea', { id: 'silence-comment', placeholder: 'Why (required), e.g. planned load test' });
  const status = el('p', { id: 'silence-status' });
  const signals = [...new Set(alert.signals.map((s) => s.type))];
  const scope = select(
    'silence-scope',
    [
      ['token-signal', `this token, only ${signals.join(' + ')} alerts`],
      ['token', 'every alert of this token'],
    ],
    'token-signal',
  );
  const duration = select('silence-for', DURATIONS, '1d');
  const create = async () => {
    const matchers = scope.value === 'token' ? { token: alert.token.fp } : { token: alert.token.fp, signals };
    try {
      const s = await api('/api/silences', { method: 'POST', body: JSON.stringify({ matchers, for: duration.value, comment: comment.value }) });
      status.replaceChildren(`Silence created until ${fmtTime(s.endsAt)} (`, el('a', { href: '#/silences' }, s.id), ')');
    } catch (error) {
      status.textContent = `Failed: ${error.message}`;
    }
  };
  return el(
    'div',
    { class: 'card actions', id: 'silence-card' },
    el('h3', {}, 'Silence notifications'),
    silencedBy.length > 0
      ? el(
          'ul',
          { id: 'silenced-by' },
          silencedBy.map((s) => el('li', {}, 'Silenced: ', silenceLine(s))),
        )
      : '',
    el('p', {}, el('label', { for: 'silence-scope' }, 'Mute '), scope, el('label', { for: 'silence-for' }, ' for '), duration),
    el('label', { for: 'silence-comment' }, 'Comment'),
    comment,
    el('button', { type: 'button', id: 'create-silence', onclick: create }, 'Create silence'),
    status,
  );
}
