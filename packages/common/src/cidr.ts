import { TokenwatchError } from './errors';
import { parseIp, type IpAddress } from './ip';

/** A CIDR range: the version, the network's bytes and the prefix length in bits. */
export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** A set of CIDR ranges, compiled once and matched per record. */
export class CidrSet {
  private readonly ranges: Cidr[];

  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map((text) => {
      const cidr = parseCidr(text);
      if (!cidr) throw new InvalidCidrError(text);
      return cidr;
    });
  }

  get size(): number {
    return this.ranges.length;
  }

  contains(ip: IpAddress): boolean {
    for (const range of this.ranges) if (cidrContains(range, ip)) return true;
    return false;
  }
}

export class InvalidCidrError extends TokenwatchError {
  constructor(cidr: string) {
    super(`invalid CIDR "${cidr}" (expected e.g. 10.0.0.0/8, 2001:db8::/32 or a single address)`, { code: 'INVALID_CIDR', context: { cidr } });
  }
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash === -1 ? text.trim() : text.slice(0, slash).trim());
  if (!ip) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  if (slash === -1) return { version: ip.version, bytes: ip.bytes, prefix: max };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefix = Number(prefixText);
  // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) was folded to IPv4 by parseIp.
  if (ip.version === 4 && text.includes(':')) prefix -= 96;
  if (prefix < 0 || prefix > max) return undefined;
  return { version: ip.version, bytes: ip.bytes, prefix };
}

/** Whether `ip` lies in `range` (an IPv4 address never lies in an IPv6 range: parseIp folds IPv4-mapped addresses to IPv4). */
export function cidrContains(range: Cidr, ip: IpAddress): boolean {
  return range.version === ip.version && prefixMatches(range.bytes, ip.bytes, range.prefix);
}

function prefixMatches(range: Uint8Array, ip: Uint8Array, prefix: number): boolean {
  const full = prefix >> 3;
  for (let i = 0; i < full; i++) if (range[i] !== ip[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((range[full]! ^ ip[full]!) & mask) === 0;
}

/** Loopback, RFC 1918, unique-local and link-local ranges: where a gateway's own proxies live. */
export const PRIVATE_NETWORKS: readonly string[] = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
];

/** Addresses that have no place on the public internet: geo lookups skip them. */
const NOT_GLOBAL = new CidrSet([
  ...PRIVATE_NETWORKS,
  '0.0.0.0/8',
  '100.64.0.0/10',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '100::/64',
  '2001:db8::/32',
  'ff00::/8',
]);

/** Private, loopback, link-local, documentation, multicast and reserved ranges (IPv4 and IPv6). */
export function isPrivateOrReserved(ip: IpAddress | string): boolean {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  return parsed === undefined || NOT_GLOBAL.contains(parsed);
}
