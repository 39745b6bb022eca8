import { LruCache, isPrivateOrReserved, parseIp, type IpAddress } from '@tokenwatch/common';

/** A database answer and how many leading bits of the address it holds for. */
export interface PrefixAnswer<T> {
  value: T | null;
  /** The answer is the same for every address sharing this many leading bits (the data's network). */
  prefixLength: number;
}

/** One raw database lookup for a public address. */
export type PrefixResolver<T> = (ip: IpAddress) => PrefixAnswer<T>;

export interface PrefixCacheStats {
  /** Answers from the cache. */
  hits: number;
  /** Answers from the database. */
  misses: number;
  /** Cache entries (blocks and single addresses). */
  size: number;
}

export interface PrefixCachedLookup<T> {
  /** The answer for an address; null for a missing, invalid, private or reserved address and for unknown ones. */
  lookup(ip: string | null | undefined): T | null;
  stats(): PrefixCacheStats;
}

/** The block an answer is cached for when the data's network covers it: a /24 for IPv4, a /48 for IPv6. */
const V4_BLOCK_BITS = 24;
const V6_BLOCK_BITS = 48;
/** A block whose addresses get different answers: look up the address itself. */
const SPLIT = Symbol('split block');

/**
 * A bounded cache in front of an IP database, keyed by block where the data allows: one entry answers
 * a whole /24 (IPv4) or /48 (IPv6) when the database's network for the address spans it, so a carrier
 * or cloud pool that hands out many addresses costs one entry, not one per address. Blocks the data
 * splits keep one entry per address. Block keys are `a.b.c` (IPv4, two dots: never an address) and
 * `#` + 12 hex digits (IPv6); address keys are the address as given (invalid ones are never cached).
 */
export function createPrefixCachedLookup<T>(resolve: PrefixResolver<T>, cacheSize: number): PrefixCachedLookup<T> {
  const cache = new LruCache<string, T | null | typeof SPLIT>(cacheSize);
  let hits = 0;
  let misses = 0;

  const answer = (ip: IpAddress, addressKey: string): T | null => {
    const blockKey = blockKeyOf(ip);
    const block = cache.get(blockKey);
    if (block !== undefined && block !== SPLIT) {
      hits++;
      if (ip.version === 6) cache.set(addressKey, block); // the next sighting skips parsing
      return block;
    }
    misses++;
    // Every IPv4 range isPrivateOrReserved knows is a /24 or wider; IPv6 ones can be narrower than a /48.
    const found: PrefixAnswer<T> = isPrivateOrReserved(ip) ? { value: null, prefixLength: ip.version === 4 ? V4_BLOCK_BITS : 128 } : resolve(ip);
    if (found.prefixLength <= (ip.version === 4 ? V4_BLOCK_BITS : V6_BLOCK_BITS)) {
      cache.set(blockKey, found.value);
      if (ip.version === 6) cache.set(addressKey, found.value);
    } else {
      cache.set(blockKey, SPLIT);
      cache.set(addressKey, found.value);
    }
    return found.value;
  };

  return {
    lookup(ip) {
      if (!ip) return null;
      const dot = ip.lastIndexOf('.');
      if (dot > 0 && ip.indexOf(':') === -1 && isOctet(ip, dot + 1) && dotsBefore(ip, dot) === 2) {
        // Dotted IPv4: a key with two dots and no colon is a block key, only ever made from a valid
        // address, so it followed by a valid octet is a valid address.
        const block = cache.get(ip.slice(0, dot));
        if (block !== undefined && block !== SPLIT) {
          hits++;
          return block;
        }
        if (block === SPLIT) {
          const single = cache.get(ip);
          if (single !== undefined && single !== SPLIT) {
            hits++;
            return single;
          }
        }
      } else {
        const single = cache.get(ip);
        if (single !== undefined && single !== SPLIT) {
          hits++;
          return single;
        }
      }
      const parsed = parseIp(ip);
      if (!parsed) return null;
      return answer(parsed, parsed.version === 4 ? parsed.text : ip);
    },
    stats: () => ({ hits, misses, size: cache.size }),
  };
}

function blockKeyOf(ip: IpAddress): string {
  const b = ip.bytes;
  if (ip.version === 4) return `${b[0]}.${b[1]}.${b[2]}`;
  let key = '#';
  for (let i = 0; i < V6_BLOCK_BITS / 8; i++) key += b[i]! < 16 ? `0${b[i]!.toString(16)}` : b[i]!.toString(16);
  return key;
}

function dotsBefore(text: string, end: number): number {
  let dots = 0;
  for (let i = text.indexOf('.'); i !== -1 && i < end; i = text.indexOf('.', i + 1)) dots++;
  return dots;
}

/** `text` from `start` to its end is a decimal octet as a strict dotted quad writes it (0..255, no leading zero). */
function isOctet(text: string, start: number): boolean {
  const length = text.length - start;
  if (length < 1 || length > 3) return false;
  let value = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    value = value * 10 + (c - 48);
  }
  if (length > 1 && text.charCodeAt(start) === 48) return false;
  return value <= 255;
}
