import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from './pacing';

const fakeClock = (): PacerClock & { t: number } => {
  const clock = { t: 1_000, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };
  return clock;
};

describe('Pacer', () => {
  it('never waits as fast as possible', () => {
    const pacer = new Pacer({ kind: 'asap' }, fakeClock());
    expect([0, 10_000, 99_999].map((ts) => pacer.dueIn(ts))).toEqual([0, 0, 0]);
  });

  it('spaces records evenly at a fixed rate', () => {
    const clock = fakeClock();
    const pacer = new Pacer({ kind: 'rate', eventsPerSecond: 100 }, clock);
    expect(pacer.dueIn(0)).toBe(0);
    pacer.sent();
    expect(pacer.dueIn(0)).toBe(10);
    for (let i = 0; i < 9; i++) pacer.sent();
    expect(pacer.dueIn(0)).toBe(100);
    clock.t += 100;
    expect(pacer.dueIn(0)).toBe(0);
  });

  it('plays event time at a multiple of wall time', () => {
    const clock = fakeClock();
    const pacer = new Pacer({ kind: 'speed', multiplier: 60 }, clock);
    expect(pacer.dueIn(5_000_000)).toBe(0);
    expect(pacer.dueIn(5_000_000 + 60_000)).toBe(1_000); // a minute of events per second
    clock.t += 400;
    expect(pacer.dueIn(5_000_000 + 60_000)).toBe(600);
  });
});
