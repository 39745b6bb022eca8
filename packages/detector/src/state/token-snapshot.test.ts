import { describe, expect, it } from 'vitest';
import { createDetector } from '../detector';
import { runDetector } from '../testing/run-detector';
import { MONDAY, dailyCycle, officeHours, traffic, type Profile } from '../testing/synthetic-traffic';
import { FLAG_LAST_FAMILIAR, FLAG_OFF_HOURS_CLEAR, SEQ_HIGH_MASK, SEQ_HIGH_SHIFT, decodeRate, encodeRate } from './layout';
import { snapshotRate, type TokenSnapshot } from './token-snapshot';

const DAY = 86_400_000;
const profiles: Profile[] = [
  { fp: 'abc0000000000001', rate: dailyCycle(60) },
  { fp: 'abc0000000000002', rate: officeHours(200) },
];

/** The same state as a snapshot of before the 944-byte block wrote it: four facts in fields of their own. */
function asRetiredFields(snapshot: TokenSnapshot): TokenSnapshot {
  const state = { ...snapshot.state };
  const flags = Number(state['flags']);
  const minute = Number(state['minute']);
  state['flags'] = flags & ~(FLAG_OFF_HOURS_CLEAR | FLAG_LAST_FAMILIAR | SEQ_HIGH_MASK);
  state['offHoursClear'] = (flags & FLAG_OFF_HOURS_CLEAR) !== 0 ? Math.floor(minute / 60) + 1 : 0;
  state['lastFamiliar'] = (flags & FLAG_LAST_FAMILIAR) !== 0 ? 1 : 0;
  state['seqHigh'] = (flags & SEQ_HIGH_MASK) >>> SEQ_HIGH_SHIFT;
  state['evalMinute'] = Number(state['evalCount']) > 0 ? minute : minute - 1;
  state['evalCount'] = Number(state['evalCount']) > 0 ? state['evalCount']! : 7;
  return { ...snapshot, state };
}

describe('token snapshots', () => {
  it('reads the retired fields of older snapshots back into the same state', () => {
    const events = profiles.flatMap((p, i) => traffic(p, MONDAY, MONDAY + 3 * DAY, 10 + i)).sort((a, b) => a.ts - b.ts);
    const { detector } = runDetector(events);
    const [current, older] = [createDetector(), createDetector()];
    for (const p of profiles) {
      const snapshot = JSON.parse(JSON.stringify(detector.snapshot(p.fp))) as TokenSnapshot;
      current.restore(snapshot);
      older.restore(asRetiredFields(snapshot));
      expect(older.snapshot(p.fp)).toEqual(current.snapshot(p.fp));
    }
  });
});

describe('hourly rates in snapshots', () => {
  it('are short decimals that encode back to the same code, for every code', () => {
    let longest = 0;
    for (let code = 0; code < 65_536; code++) {
      const rate = snapshotRate(code);
      expect(encodeRate(rate)).toBe(code);
      expect(Math.abs(rate - decodeRate(code))).toBeLessThanOrEqual((1 + decodeRate(code)) * 2e-4); // within the code's own resolution
      longest = Math.max(longest, String(rate).length);
    }
    expect(longest).toBeLessThan(String(decodeRate(12_345)).length);
  });
});
