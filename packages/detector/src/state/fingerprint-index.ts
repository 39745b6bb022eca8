/**
 * Token fingerprint -> slot index, for millions of tokens, without a JS string or Map entry per token.
 *
 * Fingerprints are lowercase hex (16..64 chars, the AccessEvent contract). Each is kept as its length
 * and packed nibbles in a Uint32Array row per slot, and found through an open-addressing table of slot
 * numbers (linear probing, backward-shift deletion, no tombstones). A lookup parses the string once,
 * probes a few adjacent words and compares packed words: no string hashing, and none of the cache
 * misses a Map pays to reach its stored key string. Anything else (not hex, other length) goes to a
 * small Map, so the index accepts every string.
 */
const MAX_HEX = 64;
/** Words per slot row: the length, then 8 nibbles per word. */
export const KEY_WORDS = 1 + MAX_HEX / 8;
const EMPTY = 0;

export class FingerprintIndex {
  /** Pairs of [hash, slot + 1] (EMPTY slot: free bucket): a probe reads both from one cache line. */
  private buckets = new Uint32Array(2 * 1024);
  private mask = 1024 - 1;
  private keys = new Uint32Array(0); // KEY_WORDS per slot
  private hexCount = 0;
  private readonly other = new Map<string, number>();
  private readonly otherFp = new Map<number, string>();
  /** The last parsed fingerprint (KEY_WORDS words) and its hash. */
  private readonly probe = new Uint32Array(KEY_WORDS);
  private probeHash = 0;

  get size(): number {
    return this.hexCount + this.other.size;
  }

  /** The slot of `fp`, or -1. */
  get(fp: string): number {
    if (!this.parse(fp)) return this.other.get(fp) ?? -1;
    const words = this.probe;
    const n = 1 + ((words[0]! + 7) >>> 3);
    for (let b = this.probeHash & this.mask; ; b = (b + 1) & this.mask) {
      const entry = this.buckets[2 * b + 1]!;
      if (entry === EMPTY) return -1;
      if (this.buckets[2 * b] !== this.probeHash) continue;
      const slot = entry - 1;
      const keys = this.keys;
      const at = slot * KEY_WORDS;
      let same = true;
      for (let i = 0; i < n; i++) {
        if (keys[at + i] !== words[i]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
    }
  }

  /** Maps `fp` (not present) to `slot`. */
  set(fp: string, slot: number): void {
    if (!this.parse(fp)) {
      this.other.set(fp, slot);
      this.otherFp.set(slot, fp);
      return;
    }
    this.ensureRow(slot);
    this.keys.set(this.probe, slot * KEY_WORDS);
    if ((this.hexCount + 1) * 2 > this.mask + 1) this.grow();
    this.place(this.probeHash, slot + 1);
    this.hexCount++;
  }

  /** Removes the mapping of `slot`. */
  delete(slot: number): void {
    const odd = this.otherFp.get(slot);
    if (odd !== undefined) {
      this.otherFp.delete(slot);
      this.other.delete(odd);
      return;
    }
    if (!this.keys[slot * KEY_WORDS]) return; // no row: not mapped
    const buckets = this.buckets;
    let b = hashRow(this.keys, slot * KEY_WORDS) & this.mask;
    while (buckets[2 * b + 1] !== slot + 1) {
      if (buckets[2 * b + 1] === EMPTY) return;
      b = (b + 1) & this.mask;
    }
    // backward shift: pull later entries of the probe run into the hole when their home allows it
    for (let next = (b + 1) & this.mask; buckets[2 * next + 1] !== EMPTY; next = (next + 1) & this.mask) {
      const home = buckets[2 * next]! & this.mask;
      if (((next - home) & this.mask) >= ((next - b) & this.mask)) {
        buckets[2 * b] = buckets[2 * next]!;
        buckets[2 * b + 1] = buckets[2 * next + 1]!;
        b = next;
      }
    }
    buckets[2 * b] = 0;
    buckets[2 * b + 1] = EMPTY;
    this.keys.fill(0, slot * KEY_WORDS, (slot + 1) * KEY_WORDS);
    this.hexCount--;
  }

  /** The fingerprint held in `slot` (rebuilt from its packed words). */
  fingerprintOf(slot: number): string {
    const odd = this.otherFp.get(slot);
    if (odd !== undefined) return odd;
    const words = this.keys;
    const at = slot * KEY_WORDS;
    const length = words[at]!;
    let out = '';
    for (let i = 0; i < length; i++) out += ((words[at + 1 + (i >>> 3)]! >>> ((i & 7) * 4)) & 15).toString(16);
    return out;
  }

  /** Calls fn(slot) for every mapped slot. */
  forEachSlot(fn: (slot: number) => void): void {
    for (let b = 1; b < this.buckets.length; b += 2) if (this.buckets[b] !== EMPTY) fn(this.buckets[b]! - 1);
    for (const slot of this.otherFp.keys()) fn(slot);
  }

  /** Bytes held (typed arrays; the fallback Map is estimated). */
  bytes(): number {
    let odd = 0;
    for (const fp of this.other.keys()) odd += 96 + fp.length;
    return this.buckets.byteLength + this.keys.byteLength + odd;
  }

  /** Packs `fp` into `probe` and hashes it; false when it is not 16..64 lowercase hex chars. */
  private parse(fp: string): boolean {
    const length = fp.length;
    if (length < 16 || length > MAX_HEX) return false;
    const words = this.probe;
    words.fill(0);
    words[0] = length;
    for (let i = 0; i < length; i++) {
      const c = fp.charCodeAt(i);
      const nibble = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (nibble < 0) return false;
      words[1 + (i >>> 3)] = (words[1 + (i >>> 3)]! | (nibble << ((i & 7) * 4))) >>> 0;
    }
    this.probeHash = hashRow(words, 0);
    return true;
  }

  private place(hash: number, entry: number): void {
    let b = hash & this.mask;
    while (this.buckets[2 * b + 1] !== EMPTY) b = (b + 1) & this.mask;
    this.buckets[2 * b] = hash;
    this.buckets[2 * b + 1] = entry;
  }

  private ensureRow(slot: number): void {
    if ((slot + 1) * KEY_WORDS <= this.keys.length) return;
    const grown = new Uint32Array(Math.max(1024, Math.ceil((this.keys.length / KEY_WORDS) * 1.25), slot + 1) * KEY_WORDS);
    grown.set(this.keys);
    this.keys = grown;
  }

  private grow(): void {
    const old = this.buckets;
    this.buckets = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let b = 0; b < old.length; b += 2) if (old[b + 1] !== EMPTY) this.place(old[b]!, old[b + 1]!);
  }
}

/** Hash of a packed row (`words[at]` is the length, the packed nibbles follow). */
function hashRow(words: Uint32Array, at: number): number {
  const length = words[at]!;
  let h = length;
  for (let i = 1; i <= (length + 7) >>> 3; i++) h = Math.imul(h ^ words[at + i]!, 0x9e3779b1) ^ (h >>> 15);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
