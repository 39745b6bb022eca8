import { describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/contracts';
import { decodeAlertMessages, decodeEventMessages } from './event-codec';
import type { RawMessage } from './raw-message';

const message = (value: string | null, offset = '0'): RawMessage => ({
  topic: 'tokenwatch.alerts.v1',
  partition: 0,
  offset,
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: 0,
});

const alert: Alert = {
  id: 'alert-1',
  ts: 1_800_000_000_000,
  token: { fp: 'a'.repeat(64), hint: null },
  severity: 'high',
  score: 0.9,
  signals: [{ type: 'auth_failures', score: 0.9, observed: 40, expected: 1, detail: '40 failures in 40 s' }],
  summary: 'auth failures',
  window: { start: 1_800_000_000_000, end: 1_800_000_040_000 },
  state: 'firing',
};

describe('decodeAlertMessages', () => {
  it('returns the alerts and dead-letters what does not decode, with the reason', () => {
    const out = decodeAlertMessages([message(JSON.stringify(alert)), message('{oops', '1'), message(null, '2'), message('{"id":"x"}', '3')]);
    expect(out.alerts.map((a) => a.id)).toEqual(['alert-1']);
    expect(out.deadLetters.map((d) => [d.message.offset, d.reason.split(':')[0]])).toEqual([
      ['1', 'invalid JSON'],
      ['2', 'empty message'],
      ['3', 'invalid Alert'],
    ]);
  });

  it('is not the event decoder: an alert is not an AccessEvent', () => {
    const out = decodeEventMessages([message(JSON.stringify(alert))]);
    expect(out.events).toEqual([]);
    expect(out.deadLetters[0]!.reason).toMatch(/^invalid AccessEvent: /);
  });
});
