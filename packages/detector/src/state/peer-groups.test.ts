import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from '../detector';
import { PeerGroupsStateSchema } from './peer-groups.schema';

const T = Date.UTC(2026, 2, 2, 0);
const event = (token: number, minute: number, consumer: string): AccessEvent => ({
  id: `e-${token}-${minute}`,
  ts: T + minute * 60_000,
  gateway: 'kong',
  token: { fp: `${token}`.padStart(2, '0').repeat(16), hint: '0001', kind: 'api_key' },
  ip: '203.0.113.9',
  method: 'GET',
  route: '/v1/items',
  path: '/v1/items',
  status: 200,
  bytes: 100,
  latencyMs: 1,
  userAgent: 'svc/1.0',
  consumer,
  service: 'items',
  geo: null,
});

/** Three tokens of one consumer, learned over two days, observed in `scope`. */
function feed(detector: ReturnType<typeof createDetector>, scope: number, first = 0): void {
  for (let minute = 0; minute < 2 * 24 * 60; minute += 10) for (let t = first; t < first + 3; t++) detector.observe(event(t, minute, 'acme'), scope);
}

describe('peer groups per scope', () => {
  it('keeps each scope apart, and saves and restores a scope exactly', () => {
    const detector = createDetector();
    feed(detector, 2);
    expect(detector.peerGroups(0)?.global.members ?? 0).toBe(0);
    const saved = detector.peerGroups(2)!;
    expect(saved.global.members).toBe(3);
    expect(saved.consumers.map((g) => [g.name, g.members])).toEqual([['acme', 3]]);
    const json = JSON.parse(JSON.stringify(saved));
    expect(PeerGroupsStateSchema.parse(json)).toEqual(saved);

    const other = createDetector();
    other.restorePeerGroups(2, json);
    expect(other.peerGroups(2)).toEqual(saved);
    // a new token of the consumer borrows the restored group while it learns
    other.observe(event(9, 3_000, 'acme'), 2);
    expect(other.learningState('09'.repeat(16))?.baseline).toBe('consumer');
    other.observe(event(8, 3_000, 'acme'), 0);
    expect(other.learningState('08'.repeat(16))?.baseline).toBe('none');
  });

  it('says only when a contribution came since the last call with onlyChanged', () => {
    const detector = createDetector();
    feed(detector, 1);
    expect(detector.peerGroups(1, { onlyChanged: true })).toBeDefined();
    expect(detector.peerGroups(1, { onlyChanged: true })).toBeUndefined();
    expect(detector.peerGroups(1)).toBeDefined();
  });
});
