/**
 * FNV-1a, 32 bits, over UTF-16 code units, with a murmur3-style finalizer (FNV's low bits alone
 * collide more than random for strings differing in their last characters, such as IPs of one /24).
 * Fast, stable, non-cryptographic.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A second, independent hash derived from the first (for Bloom filters). */
export const rehash = (h: number): number => (Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ 0x9e3779b9) >>> 0;

/** Number of set bits in a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Sets bit `bit` of a bitmap held in words[base .. base + n); returns true when it was unset. */
export function setBit(words: Uint32Array, base: number, bit: number): boolean {
  const i = base + (bit >>> 5);
  const mask = 1 << (bit & 31);
  const before = words[i]!;
  if ((before & mask) !== 0) return false;
  words[i] = before | mask;
  return true;
}

export function zeroBits(words: Uint32Array, base: number, n: number): number {
  let ones = 0;
  for (let i = 0; i < n; i++) ones += popcount(words[base + i]!);
  return n * 32 - ones;
}
