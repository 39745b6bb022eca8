import type { CidrSet, IpAddress } from '@tokenwatch/common';
import { parseAddress } from './ip.parser';

export type ClientIpResult = { ok: true; ip: string | null } | { ok: false; reason: string };

/**
 * The client address of one request: the peer (TCP peer, or the gateway's own resolved address),
 * unless the peer is a trusted proxy; then X-Forwarded-For is walked from the right and the first
 * address that is not a trusted proxy wins (the rightmost untrusted one: everything to its left
 * could have been written by the client). If every hop is trusted, the leftmost one is the client.
 * Without a peer (formats that log only XFF) the walk starts at the right end of the list.
 * An unparseable address where the answer would be is a rejection, never a guess.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, trusted: CidrSet): ClientIpResult {
  let current: IpAddress | undefined;
  if (peer !== undefined) {
    current = parseAddress(peer);
    if (!current) return { ok: false, reason: 'invalid client ip: peer address' };
    if (!forwardedFor || !trusted.contains(current)) return { ok: true, ip: current.text };
  }
  if (!forwardedFor) return { ok: true, ip: null };
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (hop === '') continue;
    const address = parseAddress(hop);
    if (!address) return { ok: false, reason: 'invalid client ip: X-Forwarded-For entry' };
    current = address;
    if (!trusted.contains(address)) break;
  }
  return { ok: true, ip: current?.text ?? null };
}
