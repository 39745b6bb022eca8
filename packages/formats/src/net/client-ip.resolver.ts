import { parseIp, type CidrSet } from '@tokenwatch/common';
import { BoundedCache } from '../cache/bounded.cache';
import { addressHost } from './ip.parser';
import type { ClientIpResult } from './xff.resolver';

/** An address as logged, parsed once: its canonical text and whether it is a trusted proxy. */
interface KnownAddress {
  text: string;
  trusted: boolean;
}

/** Client addresses and proxies repeat from record to record: 2 x 8 192 addresses are remembered. */
const CACHE_ENTRIES = 8_192;
const CACHE_CHARS = 512 * 1024;
const CACHE_MAX_KEY = 80;

/**
 * resolveClientIp (same answers, tested against it) for one trusted-proxy set, with every address
 * parsed and matched against the set once: parsing IPv6 and walking CIDR ranges cost more
 * than the rest of a record's client-IP handling.
 */
export class ClientIpResolver {
  private readonly known = new BoundedCache<KnownAddress | false>(CACHE_ENTRIES, CACHE_CHARS, CACHE_MAX_KEY);

  constructor(private readonly trustedProxies: CidrSet) {}

  resolve(peer: string | undefined, forwardedFor: string | undefined): ClientIpResult {
    let current: KnownAddress | undefined;
    if (peer !== undefined) {
      const address = this.address(peer);
      if (!address) return { ok: false, reason: 'invalid client ip: peer address' };
      if (!forwardedFor || !address.trusted) return { ok: true, ip: address.text };
      current = address;
    }
    if (!forwardedFor) return { ok: true, ip: null };
    // X-Forwarded-For from the right, hop by hop, as resolveClientIp walks its split list.
    for (let end = forwardedFor.length; ;) {
      const comma = end === 0 ? -1 : forwardedFor.lastIndexOf(',', end - 1);
      const hop = forwardedFor.slice(comma + 1, end).trim();
      if (hop !== '') {
        const address = this.address(hop);
        if (!address) return { ok: false, reason: 'invalid client ip: X-Forwarded-For entry' };
        current = address;
        if (!address.trusted) break;
      }
      if (comma === -1) break;
      end = comma;
    }
    return { ok: true, ip: current?.text ?? null };
  }

  /** parseAddress, remembered by the address without its port (Envoy and Traefik log the client's source port). */
  private address(text: string): KnownAddress | false {
    const host = addressHost(text);
    if (host === undefined) return false;
    const cached = this.known.get(host);
    if (cached !== undefined) return cached;
    const parsed = parseIp(host);
    const address = parsed ? { text: parsed.text, trusted: this.trustedProxies.contains(parsed) } : false;
    this.known.set(host, address);
    return address;
  }
}
