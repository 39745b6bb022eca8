import type { Prng } from '../random/prng';

/**
 * What a network is to the simulation. `mobile`, `broadband` and `business` are access networks
 * (carriers, home ISPs, office ISPs); `cloud` regions run services, CI and batch jobs; `hosting` (VPS),
 * `vpn` (consumer VPN exits), `tor` (Tor exits) and `corporate-vpn` (secure web gateway egress) are sites
 * of one city each.
 */
export type NetworkRole = 'mobile' | 'broadband' | 'business' | 'cloud' | 'hosting' | 'vpn' | 'tor' | 'corporate-vpn';

export interface Prefix4 {
  cidr: string;
  base: number;
  size: number;
}

/** An IPv6 prefix of at most 64 bits, as four 16-bit groups and the number of fixed bits. */
export interface Prefix6 {
  cidr: string;
  groups: readonly [number, number, number, number];
  bits: number;
}

export interface Network {
  id: string;
  asn: number;
  org: string;
  role: NetworkRole;
  country: string;
  v4: readonly Prefix4[];
  v6: readonly Prefix6[];
}

/** A site: a network in one city (cloud region, VPS location, VPN or Tor exit, gateway node). */
export interface Site extends Network {
  city: string;
  lat: number;
  lon: number;
  timeZone: string;
}

/** An access network; its prefixes are written as space-separated lists ('' for none). */
export function access(id: string, asn: number, org: string, role: NetworkRole, country: string, prefixes: { v4: string; v6: string }): Network {
  return { id, asn, org, role, country, v4: cidrs(prefixes.v4).map(parse4), v6: cidrs(prefixes.v6).map(parse6) };
}

function site(
  id: string,
  asn: number,
  org: string,
  role: NetworkRole,
  country: string,
  city: string,
  lat: number,
  lon: number,
  timeZone: string,
  v4: string[],
): Site {
  return { id, asn, org, role, country, city, lat, lon, timeZone, v4: v4.map(parse4), v6: [] };
}

/** The sites of one operator (one ASN, organisation and role), each given by its id, place and IPv4 prefixes. */
export function operator(asn: number, org: string, role: NetworkRole) {
  return (id: string, country: string, city: string, lat: number, lon: number, timeZone: string, v4: string[]): Site =>
    site(id, asn, org, role, country, city, lat, lon, timeZone, v4);
}

const cidrs = (list: string): string[] => list.split(' ').filter((cidr) => cidr !== '');

function parse4(cidr: string): Prefix4 {
  const [ip, bits] = cidr.split('/');
  const base = ip!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { cidr, base, size: 2 ** (32 - Number(bits)) };
}

function parse6(cidr: string): Prefix6 {
  const [ip, bits] = cidr.split('/');
  const [head, tail = ''] = ip!.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g || '0', 16));
  return { cidr, groups: [all[0]!, all[1]!, all[2]!, all[3]!], bits: Number(bits) };
}

/** A host address in the prefix (never the first or last of a /24). */
export function hostIn(prefix: Prefix4, rng: Prng): string {
  const n = prefix.base + Math.floor(rng.next() * (prefix.size / 256)) * 256 + 1 + rng.int(253);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** A random /64 inside the prefix, as its first four groups ("2607:fb90:1a2b:3c4d"). */
export function subnet64In(prefix: Prefix6, rng: Prng): string {
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    const fixed = Math.max(0, Math.min(16, prefix.bits - i * 16));
    const free = fixed === 16 ? 0 : 0xffff >>> fixed;
    out.push(((prefix.groups[i]! & ~free & 0xffff) | (rng.int(0x10000) & free)).toString(16));
  }
  return out.join(':');
}

/** A randomised interface identifier (RFC 8981 temporary address) appended to a /64. */
export function addressIn64(subnet: string, rng: Prng): string {
  const w = rng.nextUint32();
  const x = rng.nextUint32();
  return `${subnet}:${(w >>> 16).toString(16)}:${(w & 0xffff).toString(16)}:${(x >>> 16).toString(16)}:${(x & 0xffff).toString(16)}`;
}
