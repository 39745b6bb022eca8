// The alert page (#/alerts/:id): explanation, observed vs baseline, the world map of the token's
// usual places and this alert's path, triage (keys a / r / f), silences and the evidence.
import { alertMap } from './map.js';
import { DURATIONS, silenceCard } from './silences.js';
import { api, el, fmtTime, select, sev } from './ui.js';

export const TRIAGE_ACTIONS = { a: 'ack', r: 'resolve', f: 'false-positive' };

const placeName = (p) => [p.city, p.country].filter(Boolean).join(', ') || 'unknown place';

export async function alertPage(view, id) {
  const d = await api(`/api/alerts/${encodeURIComponent(id)}`);
  const a = d.alert;
  const reason = el('textarea', { id: 'triage-reason', placeholder: 'Reason (required)', 'aria-describedby': 'triage-help' });
  const status = el(
    'p',
    { id: 'triage-status', role: 'status' },
    d.triage ? `Triage: ${d.triage.action} by ${d.triage.by.name} — ${d.triage.reason}` : 'Not triaged',
  );
  const suppress = el('input', { type: 'checkbox', id: 'fp-suppress' });
  const suppressFor = select('fp-for', DURATIONS, '7d');
  const act = (action) => async () => {
    if (!reason.value.trim()) {
      reason.dataset.pending = action;
      reason.focus();
      status.textContent = `A reason is needed to ${action === 'ack' ? 'acknowledge' : action.replace('-', ' ')}: type it, then Ctrl+Enter.`;
      return;
    }
    const body = {
      reason: reason.value,
      ...(action === 'false-positive' && suppress.checked ? { suppress: { for: suppressFor.value, scope: 'token-signal' } } : {}),
    };
    try {
      const r = await api(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: JSON.stringify(body) });
      status.textContent = `Triage: ${r.triage.action} by ${r.triage.by.name} — ${r.triage.reason}${r.silence ? ` · silenced until ${fmtTime(r.silence.endsAt)}` : ''}`;
    } catch (error) {
      status.textContent = `Failed: ${error.message}`;
    }
  };
  reason.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      act(reason.dataset.pending ?? 'ack')();
    }
  });
  const map = await alertMap(d.usualPlaces, d.path);
  const path = d.path.length
    ? d.path
        .map((s) => `${placeName(s)}${s.before ? ` (last place before the alert, ${fmtTime(s.ts)})` : ` (${s.requests} requests from ${fmtTime(s.ts)})`}`)
        .join(' → ')
    : 'No located request in the alert window.';

  view.replaceChildren(
    el('h2', {}, sev(a.severity), ' ', a.summary),
    el(
      'p',
      {},
      `Score ${a.score.toFixed(2)} · ${a.state} · window ${fmtTime(a.window.start)} – ${fmtTime(a.window.end)} · token `,
      el('a', { href: `#/tokens/${a.token.fp}` }, a.token.fp),
    ),
    el(
      'div',
      { class: 'grid-2' },
      el(
        'div',
        {},
        el(
          'div',
          { class: 'card', id: 'explanation' },
          el('h3', {}, 'Why'),
          el(
            'ul',
            {},
            d.explanation.lines.map((l) => el('li', {}, l)),
          ),
        ),
        el(
          'div',
          { class: 'card' },
          el('h3', {}, 'Observed vs baseline'),
          el(
            'table',
            {},
            el(
              'tr',
              {},
              ['Signal', 'Score', 'Observed', 'Baseline'].map((h) => el('th', { scope: 'col' }, h)),
            ),
            d.explanation.comparisons.map((c) =>
              el(
                'tr',
                {},
                el('td', {}, c.type),
                el('td', {}, c.score.toFixed(2)),
                el('td', {}, el('code', {}, JSON.stringify(c.observed))),
                el('td', {}, el('code', {}, JSON.stringify(c.baseline))),
              ),
            ),
          ),
        ),
      ),
      el('div', { class: 'card' }, el('h3', {}, "Where: usual places (30 days before) and this alert's path"), map, el('p', { id: 'alert-path' }, path)),
    ),
    el(
      'div',
      { class: 'card actions', id: 'triage-card' },
      el('h3', {}, 'Triage'),
      el('label', { for: 'triage-reason' }, 'Reason'),
      reason,
      el('p', { id: 'triage-help', class: 'hint' }, 'Keys: a acknowledge, r resolve, f false positive (a reason first; Ctrl+Enter sends).'),
      el('button', { type: 'button', id: 'ack', onclick: act('ack') }, el('kbd', {}, 'a'), ' Acknowledge'),
      el('button', { type: 'button', id: 'resolve', onclick: act('resolve') }, el('kbd', {}, 'r'), ' Resolve'),
      el('button', { type: 'button', id: 'false-positive', onclick: act('false-positive') }, el('kbd', {}, 'f'), ' False positive'),
      el('label', {}, suppress, " a false positive also silences this token's alerts of these signal types for ", suppressFor),
      status,
    ),
    silenceCard(a, d.silencedBy),
    el(
      'div',
      { class: 'card' },
      el('h3', {}, `Evidence (${d.evidence.length} events in the window)`),
      el(
        'table',
        {},
        el(
          'tr',
          {},
          ['Time', 'IP', 'Country', 'Method', 'Route', 'Status'].map((h) => el('th', { scope: 'col' }, h)),
        ),
        d.evidence
          .slice(0, 50)
          .map((e) =>
            el(
              'tr',
              {},
              el('td', {}, fmtTime(e.ts)),
              el('td', {}, e.ip ?? '—'),
              el('td', {}, e.geo?.country ?? '—'),
              el('td', {}, e.method ?? '—'),
              el('td', {}, e.route ?? '—'),
              el('td', {}, e.status ?? '—'),
            ),
          ),
      ),
    ),
  );
}
