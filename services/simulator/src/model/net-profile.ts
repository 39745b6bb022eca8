import type { Persona } from '../personas/persona';
import { streamPrng, type Prng } from '../random/prng';
import { CLOUD_SITES, siteLocale, type AccessChoice, type Country, type Locale } from '../world/countries';
import { DAY_MS } from '../world/local-time';
import { hostIn, subnet64In, type Network, type Prefix4, type Prefix6, type Site } from '../world/network';
import type { TimeWindow } from './token-spec';

/** A home broadband line: one address at a time, renumbered now and then; IPv6 keeps its /64. */
export interface HomeLine {
  network: Network;
  /** Address i is used from changes[i - 1] (the first from the start). */
  addresses: string[];
  changes: number[];
  /** The home's /64 when the household uses IPv6. */
  subnet6?: string;
}

export interface Trip {
  depart: number;
  arrive: number;
  leave: number;
  back: number;
  destination: Locale;
  abroad: boolean;
  /** The hotel's (or host's) Wi-Fi. */
  hotel: { network: Network; address: string };
  /** Corporate gateway node nearest the destination (laptops). */
  gateway?: Site;
}

export interface RegionEgress {
  site: Site;
  /** Fixed NAT-gateway addresses of the service in that region. */
  addresses: string[];
  weight: number;
}

export type NetProfile =
  | { kind: 'phone'; carrier: Network; pools: Prefix4[]; otherPools: Prefix4[]; v6Pool?: Prefix6; home: HomeLine }
  | { kind: 'laptop'; home: HomeLine; office: { network: Network; addresses: string[] }; gateway: Site; vpnShare: number; officeShare: number }
  | { kind: 'servers'; regions: RegionEgress[] }
  | { kind: 'ci'; regions: Site[]; weights: number[]; moveAt?: number; movedTo?: Site };

/** CI providers: hosted runners get a fresh address in one of the provider's regions per job. */
const CI_PROVIDERS: ReadonlyArray<{ prefix: string; weight: number }> = [
  { prefix: 'azure-', weight: 0.55 }, // GitHub-hosted runners run in Azure
  { prefix: 'gcp-', weight: 0.2 }, // GitLab.com SaaS runners run in Google Cloud
  { prefix: 'aws-', weight: 0.25 }, // self-hosted autoscaling runners
];

export function createNetProfile(
  seed: string,
  rng: Prng,
  persona: Persona,
  country: Country,
  consumer: string,
  period: TimeWindow,
): { home: Locale; net: NetProfile } {
  switch (persona.network) {
    case 'phone': {
      const carrier = rng.weighted(country.mobile, (m) => m.weight);
      const pools = rng.shuffled(carrier.network.v4);
      const v6 = carrier.network.v6.length > 0 && rng.chance(carrier.v6Share);
      return {
        home: rng.pick(country.cities),
        net: {
          kind: 'phone',
          carrier: carrier.network,
          pools: pools.slice(0, 2),
          otherPools: pools.slice(2),
          v6Pool: v6 ? rng.pick(carrier.network.v6) : undefined,
          home: homeLine(rng, country.broadband, period),
        },
      };
    }
    case 'laptop': {
      return {
        home: rng.pick(country.cities),
        net: {
          kind: 'laptop',
          home: homeLine(rng, country.broadband, period),
          office: office(seed, consumer, country),
          gateway: country.gateway,
          vpnShare: rng.pick([0, 0.3, 0.9]),
          officeShare: rng.pick([0.2, 0.5, 0.8]),
        },
      };
    }
    case 'office-or-cloud': {
      if (rng.chance(0.5)) {
        const { addresses, network } = office(seed, consumer, country);
        return {
          home: rng.pick(country.cities),
          net: {
            kind: 'laptop',
            home: { network, addresses: [addresses[0]!], changes: [] },
            office: { network, addresses },
            gateway: country.gateway,
            vpnShare: 0,
            officeShare: 1,
          },
        };
      }
      return servers(rng, country, 1);
    }
    case 'servers':
      return servers(rng, country, rng.chance(persona.multiRegionShare ?? 0) ? 2 + rng.int(2) : 1);
    case 'ci': {
      const provider = rng.weighted(CI_PROVIDERS, (p) => p.weight);
      const regions = CLOUD_SITES.filter((s) => s.id.startsWith(provider.prefix));
      const near = regions.filter((s) => s.country === country.code || country.regions.includes(s));
      const preferred = near.length > 0 ? near : [rng.pick(regions)];
      // most jobs run near the team; runners of the provider's other regions take the overflow
      const weights = regions.map((s) => (preferred.includes(s) ? 10 : 1));
      return { home: siteLocale(preferred[0]!), net: { kind: 'ci', regions, weights } };
    }
  }
}

function servers(rng: Prng, country: Country, regionCount: number): { home: Locale; net: NetProfile } {
  const first = rng.chance(0.75) ? country.regions[0]! : rng.pick(country.regions);
  const others = rng.shuffled(CLOUD_SITES.filter((s) => s !== first && s.id.split('-')[0] === first.id.split('-')[0]));
  const sites = [first, ...others.slice(0, regionCount - 1)];
  const regions = sites.map((site, i) => ({
    site,
    addresses: Array.from({ length: 1 + rng.int(3) }, () => hostIn(rng.pick(site.v4), rng)),
    weight: i === 0 ? 1 : rng.between(0.3, 1),
  }));
  return { home: siteLocale(first), net: { kind: 'servers', regions } };
}

/** A household's line: renumbered on average every 10 days (a modem restart, a lease expiry). */
function homeLine(rng: Prng, choices: readonly AccessChoice[], period: TimeWindow): HomeLine {
  const choice = rng.weighted(choices, (c) => c.weight);
  const pool = rng.pick(choice.network.v4);
  const changes: number[] = [];
  for (let t = period.start + rng.exponential(10 * DAY_MS); t < period.end; t += rng.exponential(10 * DAY_MS)) changes.push(Math.round(t));
  const addresses = Array.from({ length: changes.length + 1 }, () => hostIn(pool, rng));
  const v6 = choice.network.v6.length > 0 && rng.chance(choice.v6Share);
  return { network: choice.network, addresses, changes, subnet6: v6 ? subnet64In(rng.pick(choice.network.v6), rng) : undefined };
}

/** A company's office in a country: a few NAT addresses on a business line, shared by all its tokens. */
export function office(seed: string, company: string, country: Country): { network: Network; addresses: string[] } {
  const rng = streamPrng(seed, `office:${company}:${country.code}`);
  const network = country.business;
  const prefix = rng.pick(network.v4);
  const first = hostIn(prefix, rng);
  const base = first.slice(0, first.lastIndexOf('.') + 1);
  const last = Number(first.slice(first.lastIndexOf('.') + 1));
  const start = Math.min(last, 250);
  return { network, addresses: Array.from({ length: 1 + rng.int(3) }, (_, i) => `${base}${start + i}`) };
}

/** The address a home line has at `t`. */
export function leaseAt(line: HomeLine, t: number): string {
  let i = 0;
  while (i < line.changes.length && line.changes[i]! <= t) i++;
  return line.addresses[i]!;
}
