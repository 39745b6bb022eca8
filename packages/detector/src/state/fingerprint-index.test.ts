import { describe, expect, it } from 'vitest';
import { rng } from '../testing/synthetic-traffic';
import { FingerprintIndex } from './fingerprint-index';

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

describe('FingerprintIndex', () => {
  it('agrees with a Map over random inserts and deletes, fingerprints of every accepted length and odd keys', () => {
    const random = rng(7);
    const index = new FingerprintIndex();
    const reference = new Map<string, number>();
    const bySlot = new Map<number, string>();
    const freeSlots: number[] = [];
    let nextSlot = 0;
    const pool: string[] = [];
    for (let i = 0; i < 6_000; i++) {
      const kind = random();
      // mostly 32-char hex; also 16 and 64 (the bounds), other lengths, upper case and non-hex (the Map path)
      const fp =
        kind < 0.7
          ? hex(random, 32)
          : kind < 0.8
            ? hex(random, 16)
            : kind < 0.85
              ? hex(random, 64)
              : kind < 0.9
                ? hex(random, 15)
                : kind < 0.95
                  ? hex(random, 32).toUpperCase() + 'A'
                  : `tok-${i}`;
      pool.push(fp);
    }
    // fingerprints that differ only in their last nibble share most packed words
    pool.push('0'.repeat(31) + '1', '0'.repeat(31) + '2', '0'.repeat(32), '0'.repeat(33));
    for (let step = 0; step < 40_000; step++) {
      const fp = pool[Math.floor(random() * pool.length)]!;
      const known = reference.get(fp);
      expect(index.get(fp)).toBe(known ?? -1);
      if (known === undefined) {
        const slot = freeSlots.pop() ?? nextSlot++;
        index.set(fp, slot);
        reference.set(fp, slot);
        bySlot.set(slot, fp);
      } else if (random() < 0.45) {
        index.delete(known);
        reference.delete(fp);
        bySlot.delete(known);
        freeSlots.push(known);
      }
      expect(index.size).toBe(reference.size);
    }
    for (const fp of pool) expect(index.get(fp)).toBe(reference.get(fp) ?? -1);
    for (const [slot, fp] of bySlot) expect(index.fingerprintOf(slot)).toBe(fp);
    const slots: number[] = [];
    index.forEachSlot((slot) => slots.push(slot));
    expect(slots.sort((a, b) => a - b)).toEqual([...bySlot.keys()].sort((a, b) => a - b));
  });

  it('grows past its first table and still finds every fingerprint', () => {
    const random = rng(11);
    const index = new FingerprintIndex();
    const fps = Array.from({ length: 20_000 }, () => hex(random, 32));
    fps.forEach((fp, slot) => index.set(fp, slot));
    fps.forEach((fp, slot) => expect(index.get(fp)).toBe(slot));
    expect(index.get(hex(random, 32))).toBe(-1);
    expect(index.bytes()).toBeLessThan(20_000 * 80);
  });
});
