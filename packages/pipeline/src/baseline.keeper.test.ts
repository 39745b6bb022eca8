import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector, type TokenSnapshot } from '@tokenwatch/detector';
import { PLACES, dailyCycle, event, firing, traffic, type Profile } from '@tokenwatch/detector/testing';
import { BaselineKeeper } from './baseline.keeper';
import type { BaselineStore } from './baseline-store';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2); // a Monday
const learned: Profile = { fp: 'f'.repeat(32), rate: dailyCycle(60) };
const other: Profile = { fp: 'e'.repeat(32), rate: dailyCycle(30) };

/** token_baselines in memory: the latest snapshot per token, and a log of what was written why. */
function memoryStore() {
  const rows = new Map<string, TokenSnapshot>();
  const writes: Array<{ reason: string; fps: string[] }> = [];
  let loads = 0;
  const store: BaselineStore = {
    async load(fps) {
      loads++;
      return fps.flatMap((fp) => (rows.has(fp) ? [structuredClone(rows.get(fp)!)] : []));
    },
    async save(snapshots, reason) {
      writes.push({ reason, fps: snapshots.map((s) => s.fp) });
      for (const s of snapshots) rows.set(s.fp, structuredClone(s));
    },
    close: async () => undefined,
  };
  return { store, rows, writes, loads: () => loads };
}

function keeperWith(store: BaselineStore, clock: { now: number }, detector = createDetector()) {
  return new BaselineKeeper({ detector, store, snapshotIntervalMs: 60_000, tickIntervalMs: 15_000, idleEvictMs: 6 * HOUR, now: () => clock.now });
}

/** Feeds events through the keeper the way the score consumer does, one "batch" per hour of traffic. */
async function feed(keeper: BaselineKeeper, store: BaselineStore, events: AccessEvent[], clock: { now: number }) {
  const alerts = [];
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500);
    await keeper.restoreMissing(batch.map((e) => e.token.fp));
    const raised = keeper.observe(batch);
    clock.now += 1_000;
    const work = keeper.housekeeping(raised);
    for (const save of work.saves) await store.save(save.snapshots, save.reason);
    alerts.push(...raised, ...work.alerts);
  }
  return alerts;
}

describe('BaselineKeeper', () => {
  it('saves changed tokens periodically and a restarted detector continues from them without re-learning', async () => {
    const { store, rows, writes } = memoryStore();
    const clock = { now: 0 };
    const first = keeperWith(store, clock);
    await feed(first, store, traffic(learned, START, START + 3 * 24 * HOUR, 1), clock);
    clock.now += 61_000;
    for (const save of first.housekeeping([]).saves) await store.save(save.snapshots, save.reason);
    expect(writes.some((w) => w.reason === 'periodic' && w.fps.includes(learned.fp))).toBe(true);
    expect(rows.get(learned.fp)?.learning).toBe('active');

    // "restart": a fresh detector; the token's first event after the restart restores it first
    const detector = createDetector();
    const second = keeperWith(store, clock, detector);
    expect(await second.restoreMissing([learned.fp, other.fp])).toBe(1);
    expect(detector.learningState(learned.fp)).toMatchObject({ state: 'active', baseline: 'token' });
    expect(await second.restoreMissing([learned.fp])).toBe(0);
  });

  it('saves an alerting token in the same batch, so a restart does not raise the alert again', async () => {
    const { store, rows, writes } = memoryStore();
    const clock = { now: 0 };
    const keeper = keeperWith(store, clock);
    const history = traffic(learned, START, START + 3 * 24 * HOUR, 2);
    await feed(keeper, store, history, clock);
    clock.now += 61_000;
    for (const save of keeper.housekeeping([]).saves) await store.save(save.snapshots, save.reason);
    const beforeLeak = memoryStore();
    await beforeLeak.store.save([...rows.values()], 'periodic');

    const at = history[history.length - 1]!.ts + 60_000;
    const leak = Array.from({ length: 30 }, (_, i) =>
      event({ ...learned, places: [PLACES.moscow], ips: ['95.24.0.1'], userAgents: ['Go-http-client/1.1'] }, at + i * 2_000),
    );
    const alerts = await feed(keeper, store, leak, clock);
    expect(firing(alerts, { min: 'medium' }).length).toBeGreaterThan(0);
    expect(writes.at(-1)).toEqual({ reason: 'alerted', fps: [learned.fp] });

    // the events after the last committed batch come again after a crash
    const redelivered = leak.map((e) => ({ ...e, id: `${e.id}-redelivered` }));
    const restarted = keeperWith(store, clock);
    expect(firing(await feed(restarted, store, redelivered, clock), { min: 'medium' })).toEqual([]);
    // control: restarted from the state before the alert, the same events do alert again
    const fromOlder = keeperWith(beforeLeak.store, clock);
    expect(firing(await feed(fromOlder, beforeLeak.store, redelivered, clock), { min: 'medium' }).length).toBeGreaterThan(0);
  });

  it('evicts idle tokens to the store and brings them back on their next event', async () => {
    const { store, writes, loads } = memoryStore();
    const clock = { now: 0 };
    const detector = createDetector();
    const keeper = keeperWith(store, clock, detector);
    await feed(keeper, store, traffic(other, START, START + 2 * HOUR, 3), clock);
    await feed(keeper, store, traffic(learned, START + 10 * HOUR, START + 11 * HOUR, 4), clock);
    clock.now += 61_000;
    const { saves } = keeper.housekeeping([]);
    expect(saves.find((s) => s.reason === 'evicted')?.snapshots.map((s) => s.fp)).toEqual([other.fp]);
    for (const save of saves) await store.save(save.snapshots, save.reason);
    expect(detector.learningState(other.fp)).toBeUndefined();
    const before = loads();
    await keeper.restoreMissing([other.fp, learned.fp]);
    expect(loads()).toBe(before + 1);
    expect(detector.learningState(other.fp)?.events).toBeGreaterThan(50);
    expect(writes.map((w) => w.reason)).toContain('evicted');
  });

  it('releases everything when partitions move, and ticks resolved alerts on the event clock', async () => {
    const { store } = memoryStore();
    const clock = { now: 0 };
    const detector = createDetector();
    const keeper = keeperWith(store, clock, detector);
    await feed(keeper, store, traffic(learned, START, START + HOUR, 5), clock);
    expect(keeper.eventClock()).toBeGreaterThan(START + HOUR - 5 * 60_000);
    const released = keeper.releaseAll();
    expect(released.reason).toBe('revoked');
    expect(released.snapshots.map((s) => s.fp)).toEqual([learned.fp]);
    expect(detector.trackedTokens()).toBe(0);
    expect(keeper.takeChanged().snapshots).toEqual([]);
  });
});
