import { describe, expect, it } from 'vitest';
import { Alert, type AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from './detector';
import { TokenSnapshot } from './state/token-snapshot';
import { firing, runDetector, signalsOf } from './testing/run-detector';
import { MONDAY, PLACES, dailyCycle, event, merge, nightlyBatch, officeHours, rng, traffic, type Profile } from './testing/synthetic-traffic';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const fp = (i: number) => (0xabc0000000000000n + BigInt(i)).toString(16);
const rates = [dailyCycle(60), officeHours(200), nightlyBatch(10, 600), () => 5];
const profiles: Profile[] = Array.from({ length: 12 }, (_, i) => ({ fp: fp(i), rate: rates[i % rates.length]!, consumer: i < 6 ? 'acme' : 'globex' }));
const CUT = MONDAY + 6 * DAY + 9 * HOUR;

/** Benign history for 12 tokens over 9 days, with an attack mix on three of them after the cut. */
function world(): AccessEvent[] {
  const random = rng(5);
  const attacks = [
    Array.from({ length: 300 }, (_, i) =>
      event(profiles[0]!, CUT + DAY + i * 1500, { route: '/v1/accounts/{id}', path: `/v1/accounts/${i}`, status: 404 }, random),
    ),
    Array.from({ length: 30 }, (_, i) =>
      event(profiles[1]!, CUT + DAY + 2 * HOUR + i * 60_000, { geo: { ...PLACES.moscow, region: null }, userAgent: 'curl/8.4.0' }, random),
    ),
    Array.from({ length: 60 }, (_, i) => event(profiles[5]!, CUT + 30 * 60_000 + i * 2000, { status: 401 }, random)),
  ];
  return merge(...profiles.map((p, i) => traffic(p, MONDAY, MONDAY + 9 * DAY, 100 + i)), ...attacks);
}

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('createDetector', () => {
  const events = world();

  it('is deterministic: replaying the same events twice yields identical alerts', () => {
    const a = runDetector(events, undefined, MONDAY + 10 * DAY).alerts;
    const b = runDetector(events, undefined, MONDAY + 10 * DAY).alerts;
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    for (const alert of a) expect(() => Alert.parse(alert)).not.toThrow();
  });

  it('continues after snapshot -> JSON -> restore exactly as if it had never stopped', () => {
    const whole = runDetector(events, undefined, MONDAY + 10 * DAY).alerts;
    const first = runDetector(events.filter((e) => e.ts < CUT));
    const snapshots = profiles.map((p) => json(first.detector.snapshot(p.fp)!));
    for (const s of snapshots) expect(TokenSnapshot.safeParse(s).success).toBe(true);
    const second = createDetector();
    for (const s of snapshots) second.restore(s);
    const rest = runDetector(
      events.filter((e) => e.ts >= CUT),
      undefined,
      MONDAY + 10 * DAY,
      second,
    ).alerts;
    expect([...first.alerts, ...rest]).toEqual(whole);
    expect(firing(rest).length).toBeGreaterThan(0);
  });

  it('evicts idle tokens with their snapshots, and restoring them neither re-learns nor re-alerts', () => {
    const { detector, alerts } = runDetector(events.filter((e) => e.ts < CUT));
    const evicted = detector.evict(CUT + 1);
    expect(evicted.map((s) => s.fp).sort()).toEqual(profiles.map((p) => p.fp).sort());
    expect(detector.trackedTokens()).toBe(0);
    for (const s of evicted) detector.restore(s);
    const rest = runDetector(
      events.filter((e) => e.ts >= CUT),
      undefined,
      MONDAY + 10 * DAY,
      detector,
    ).alerts;
    expect([...alerts, ...rest]).toEqual(runDetector(events, undefined, MONDAY + 10 * DAY).alerts);
    expect(detector.learningState(profiles[0]!.fp)?.state).toBe('active');
  });

  it('sheds the least recently seen tokens beyond maxTokens and hands them to evict()', () => {
    const random = rng(1);
    const detector = createDetector({ limits: { maxTokens: 100 } });
    for (let i = 0; i < 150; i++) detector.observe(event({ fp: fp(1000 + i), rate: () => 1 }, MONDAY + i * 1000, {}, random));
    expect(detector.trackedTokens()).toBeLessThanOrEqual(100);
    const shed = detector.evict(0);
    expect(shed.length + detector.trackedTokens()).toBe(150);
    expect(shed.every((s) => s.lastSeen < MONDAY + 60_000)).toBe(true);
  });

  it('shows the learning state and borrows a peer baseline for a new token', () => {
    const { detector } = runDetector(events.filter((e) => e.ts < CUT));
    expect(detector.learningState(profiles[0]!.fp)).toMatchObject({ state: 'active', baseline: 'token', remaining: { events: 0, hours: 0 } });
    const random = rng(3);
    const newcomer: Profile = { fp: fp(99), rate: () => 60, consumer: 'acme' };
    detector.observe(event(newcomer, CUT, {}, random));
    expect(detector.learningState(newcomer.fp)).toMatchObject({ state: 'learning', events: 1, baseline: 'consumer', remaining: { events: 49, hours: 24 } });
    expect(detector.learningState('0'.repeat(16))).toBeUndefined();
    // a country no peer of the consumer uses is reported at once, citing the peers
    const seen = [event(newcomer, CUT + 60_000, {}, random), event(newcomer, CUT + 120_000, { geo: { ...PLACES.saoPaulo, region: null } }, random)].flatMap(
      (e) => detector.observe(e),
    );
    expect(firing(seen).map((a) => a.severity)).toEqual(['low']);
    expect(signalsOf(seen, 'new_country')[0]!.detail).toBe(
      'First request from BR for a new token whose peers (consumer acme) never use it; the token so far: US 100%.',
    );
  });

  it('keeps about 1 KB of hot state per token', () => {
    const detector = createDetector();
    const random = rng(4);
    for (let i = 0; i < 5000; i++) detector.observe(event({ fp: fp(5000 + i), rate: () => 1 }, MONDAY + i, {}, random));
    expect(detector.stateBytes() / 5000).toBeLessThan(1300);
  });
});
