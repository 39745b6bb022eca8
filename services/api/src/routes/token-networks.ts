import type { NetworkInfo } from '@tokenwatch/contracts';

export type NetworkOf = (ip: string) => NetworkInfo | null;

export interface TokenNetwork {
  asn: number | null;
  org: string | null;
  class: string | null;
  events: number;
  ips: number;
  countries: string[];
}

/** A token's addresses grouped by network (AS and operator), most requests first. */
export function networksOf(ips: readonly { ip: string; events: number; country: string | null }[], networkOf: NetworkOf | undefined): TokenNetwork[] {
  const byKey = new Map<string, TokenNetwork>();
  for (const { ip, events, country } of ips) {
    const info = networkOf?.(ip) ?? null;
    const key = info?.asn !== undefined && info?.asn !== null ? `AS${info.asn}` : 'unknown';
    const n = byKey.get(key) ?? { asn: info?.asn ?? null, org: info?.org ?? null, class: info?.class ?? null, events: 0, ips: 0, countries: [] };
    n.events += events;
    n.ips += 1;
    if (country && !n.countries.includes(country)) n.countries.push(country);
    byKey.set(key, n);
  }
  return [...byKey.values()].sort((a, b) => b.events - a.events);
}
