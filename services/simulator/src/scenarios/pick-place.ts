import { distanceKm } from '@tokenwatch/common';
import type { TokenSpec } from '../model/token-spec';
import { createEgress, type Egress } from '../traffic/egress';
import { streamPrng, type Prng } from '../random/prng';
import { ABUSE_SITES, COUNTRIES, FOREIGN_PLACES, type ForeignPlace, type Locale } from '../world/countries';
import { hostIn, type Network, type Site } from '../world/network';
import { USER_AGENTS } from '../world/user-agents';

/** A random place at least `minKm` from `from` and in another country. */
export function distantPlace<T extends Locale>(rng: Prng, from: Locale, candidates: readonly T[], minKm: number): T {
  const far = candidates.filter((p) => p.country !== from.country && distanceKm(p, from) >= minKm);
  return rng.pick(far.length > 0 ? far : candidates.filter((p) => p.country !== from.country));
}

/** A residential network of a country no token lives in, other than `from`'s. */
export function foreignTo(rng: Prng, from: Locale): ForeignPlace {
  return rng.pick(FOREIGN_PLACES.filter((p) => p.country !== from.country));
}

/** Cities of home countries and foreign places, each with a residential network to come from. */
export function placesWithNetworks(): Array<Locale & { network: Network }> {
  return [...COUNTRIES.flatMap((c) => c.cities.map((city) => ({ ...city, network: c.broadband[0]!.network }))), ...FOREIGN_PLACES];
}

/** `count` distinct addresses on a network (any of its prefixes). */
export function hostsOn(rng: Prng, network: Network, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(hostIn(rng.pick(network.v4), rng));
  return [...out];
}

/** Hosting, VPN or Tor infrastructure in `country` when there is some, else anywhere. */
export function abuseSiteIn(rng: Prng, country: string, roles: readonly Site['role'][] = ['hosting', 'vpn', 'tor']): Site {
  const fitting = ABUSE_SITES.filter((s) => roles.includes(s.role));
  const local = fitting.filter((s) => s.country === country);
  return rng.pick(local.length > 0 ? local : fitting);
}

/** A scripting client on one address of a random hosting, VPN or Tor site. */
export function scriptedAbuseClient(rng: Prng): { site: Site; ip: string; userAgent: string } {
  const site = rng.pick(ABUSE_SITES);
  const ip = hostsOn(rng, site, 1)[0]!;
  return { site, ip, userAgent: rng.pick(USER_AGENTS.scripting) };
}

/** The victim's own client networks (its usual addresses), for an episode's own event stream. */
export function victimEgress(victim: TokenSpec, seed: string, key: string): Egress {
  return createEgress(victim, streamPrng(seed, `${key}:egress`));
}
