import { seededRandom } from '@tokenwatch/common';
import { describe, expect, it } from 'vitest';
import { runDetector } from '../testing/run-detector';
import { MONDAY, PLACES, dailyCycle, event, traffic, type Profile } from '../testing/synthetic-traffic';
import { surelySnapshot, tryReadTokenSnapshot } from './snapshot-check';
import { TokenSnapshot } from './token-snapshot';

const DAY = 86_400_000;
const profiles: Profile[] = [1, 2, 3].map((i) => ({ fp: `feed00000000000${i}`, rate: dailyCycle(40 * i) }));

/** Snapshots of learned tokens, one of them in an open incident (a burst of failures from far away). */
function snapshots(): TokenSnapshot[] {
  const learn = profiles.flatMap((p, i) => traffic(p, MONDAY, MONDAY + 4 * DAY, 30 + i));
  const attackAt = MONDAY + 4 * DAY + 3_600_000;
  const attacker: Profile = { ...profiles[0]!, places: [PLACES.moscow], ips: ['203.0.113.9'] };
  const attack = Array.from({ length: 600 }, (_, k) => event(attacker, attackAt + k * 50, { status: k % 2 === 0 ? 401 : 200 }));
  const { detector } = runDetector([...learn, ...attack].sort((a, b) => a.ts - b.ts));
  return profiles.map((p) => JSON.parse(JSON.stringify(detector.snapshot(p.fp))) as TokenSnapshot);
}

const ODD: unknown[] = [undefined, null, true, 0, -1, 1.5, NaN, Infinity, '', 'x', [], [1, 'a'], ['a'], [1, 2], {}, { a: 1 }, [null]];

/** A copy of `value` with one randomly chosen place (anywhere in its tree) replaced, removed or added to, as JSON could hold it. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let node: unknown = copy;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[Math.floor(random() * keys.length)]!;
    const child = (node as Record<string, unknown>)[key];
    const stop = typeof child !== 'object' || child === null || random() < 0.3;
    if (stop) {
      const roll = random();
      const odd = ODD[Math.floor(random() * ODD.length)];
      if (Array.isArray(node)) {
        if (roll < 0.15) node.splice(Number(key), 1);
        else if (roll < 0.25) node.push(odd);
        else node[Number(key)] = odd;
      } else if (roll < 0.15) delete (node as Record<string, unknown>)[key];
      else if (roll < 0.25) (node as Record<string, unknown>)[`extra${key}`] = odd;
      else (node as Record<string, unknown>)[key] = odd;
      return copy;
    }
    node = child;
  }
  return copy;
}

describe('the fast token snapshot check', () => {
  const real = snapshots();

  it('takes the fast path for real snapshots, incidents included, and returns what zod returns', () => {
    expect(real.some((s) => s.alerts !== null)).toBe(true);
    for (const snapshot of real) {
      expect(surelySnapshot(snapshot)).toBeDefined();
      expect(tryReadTokenSnapshot(snapshot)).toEqual(TokenSnapshot.parse(snapshot));
    }
  });

  it('agrees with zod on 3,000 damaged snapshots: accepted exactly when zod accepts, with the same value', () => {
    const random = seededRandom(20261208);
    let rejected = 0;
    for (let i = 0; i < 3_000; i++) {
      const damaged = mutate(real[i % real.length], random);
      const zod = TokenSnapshot.safeParse(damaged);
      const ours = tryReadTokenSnapshot(damaged);
      if (!zod.success) rejected++;
      expect(ours === undefined, JSON.stringify(damaged).slice(0, 300)).toBe(!zod.success);
      if (zod.success) expect(ours).toEqual(zod.data);
      const surely = surelySnapshot(damaged);
      if (surely) expect(zod.success).toBe(true);
    }
    expect(rejected).toBeGreaterThan(300);
  });
});
