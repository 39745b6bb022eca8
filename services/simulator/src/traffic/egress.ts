import { leaseAt, type NetProfile, type Trip } from '../model/net-profile';
import { localeAt, type TokenSpec } from '../model/token-spec';
import type { Prng } from '../random/prng';
import { isHoliday } from '../world/holidays';
import { DAY_MS, isWeekend, localDay, localHour, localWeekday, MINUTE_MS } from '../world/local-time';
import { hostIn, subnet64In, type Prefix4 } from '../world/network';

/** A gap after which a client's next request starts a new session (a new connection, a new job). */
const SESSION_GAP_MS = 10 * MINUTE_MS;

/**
 * The client address of each request of one token, in time order. Stateful (the current CGNAT
 * binding, the current job's runner), so every event stream that speaks for the token's own client
 * builds its own from the token's profile and its own PRNG.
 */
export interface Egress {
  address(t: number): string;
}

export function createEgress(spec: TokenSpec, rng: Prng): Egress {
  const net = spec.net;
  switch (net.kind) {
    case 'phone':
      return phoneEgress(spec, net, rng);
    case 'laptop':
      return laptopEgress(spec, net, rng);
    case 'servers':
      return {
        address: () => {
          const region = net.regions.length === 1 ? net.regions[0]! : rng.weighted(net.regions, (r) => r.weight);
          return region.addresses.length === 1 ? region.addresses[0]! : rng.pick(region.addresses);
        },
      };
    case 'ci': {
      let last = -Infinity;
      let current = '';
      return {
        address: (t) => {
          if (t - last > SESSION_GAP_MS) {
            const region = net.movedTo && t >= net.moveAt! ? net.movedTo : weightedIndex(rng, net.regions, net.weights);
            current = hostIn(rng.pick(region.v4), rng);
          }
          last = t;
          return current;
        },
      };
    }
  }
}

function tripAt(spec: TokenSpec, t: number): Trip | undefined {
  for (const trip of spec.trips) if (t >= trip.arrive && t < trip.leave) return trip;
  return undefined;
}

/** A day-specific 32-bit value of the token (RFC 8981 temporary addresses rotate daily). */
function daily(key: number, day: number): number {
  let h = Math.imul(key ^ day, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

const iid = (key: number, day: number): string => {
  const a = daily(key, day);
  const b = daily(key ^ 0x5bd1e995, day);
  return `${(a >>> 16).toString(16)}:${(a & 0xffff).toString(16)}:${(b >>> 16).toString(16)}:${(b & 0xffff).toString(16)}`;
};

/**
 * A phone: on home Wi-Fi (broadband) mostly in the evening and at night, on the carrier otherwise.
 * On the carrier, the public address is a CGNAT binding from the subscriber's regional gateway pools
 * that a new connection after an idle radio, or the binding's expiry, replaces; IPv6 subscribers get
 * a new /64 per data session. Within its country on a trip the phone attaches to other gateways;
 * abroad it roams home-routed, so its carrier egress stays in its home country.
 */
function phoneEgress(spec: TokenSpec, net: Extract<NetProfile, { kind: 'phone' }>, rng: Prng): Egress {
  let last = -Infinity;
  let wifi = false;
  let cgnat = '';
  let bindingUntil = 0;
  let idleLimit = 0;
  let subnet = '';
  return {
    address(t) {
      const trip = tripAt(spec, t);
      if (t - last > SESSION_GAP_MS) {
        const zone = (trip?.destination ?? spec.home).timeZone;
        const hour = localHour(t, zone);
        const home = hour >= 18.5 || hour < 8.5 || isWeekend(localWeekday(t, zone));
        wifi = rng.chance(home ? 0.7 : 0.15);
      }
      const gap = t - last;
      last = t;
      if (wifi) {
        if (trip) return trip.hotel.address;
        const line = net.home;
        return line.subnet6 ? `${line.subnet6}:${iid(spec.key, localDay(t, spec.home.timeZone))}` : leaseAt(line, t);
      }
      if (net.v6Pool) {
        if (!subnet || gap > 30 * MINUTE_MS) subnet = subnet64In(net.v6Pool, rng);
        return `${subnet}:${iid(spec.key ^ Math.floor(t / DAY_MS), 0)}`;
      }
      if (!cgnat || gap > idleLimit || t > bindingUntil) {
        const pools: readonly Prefix4[] = trip && !trip.abroad && net.otherPools.length > 0 ? net.otherPools : net.pools;
        cgnat = hostIn(rng.chance(0.85) ? pools[0]! : rng.pick(pools), rng);
        bindingUntil = t + rng.exponential(15 * MINUTE_MS);
        idleLimit = 60_000 + rng.exponential(120_000);
      }
      return cgnat;
    },
  };
}

/**
 * An employee's laptop: the office's shared NAT on office days during working hours, the home line
 * otherwise; sessions through the company's secure web gateway leave from its node, which may be in
 * another country. On a trip: the gateway node nearest the destination, or the hotel's Wi-Fi.
 */
function laptopEgress(spec: TokenSpec, net: Extract<NetProfile, { kind: 'laptop' }>, rng: Prng): Egress {
  let last = -Infinity;
  let current = '';
  return {
    address(t) {
      if (t - last <= SESSION_GAP_MS && current) {
        last = t;
        return current;
      }
      last = t;
      const trip = tripAt(spec, t);
      if (trip) {
        current = net.vpnShare > 0 && rng.chance(0.7) && trip.gateway ? hostIn(rng.pick(trip.gateway.v4), rng) : trip.hotel.address;
        return current;
      }
      const zone = localeAt(spec, t).timeZone;
      const day = localDay(t, zone);
      const hour = localHour(t, zone);
      const workday = !isWeekend(localWeekday(t, zone)) && !isHoliday(spec.country.code, day);
      const inOffice = workday && hour >= 8 && hour < 18.5 && daily(spec.key, day) / 4294967296 < net.officeShare;
      if (inOffice) current = net.office.addresses.length === 1 ? net.office.addresses[0]! : rng.pick(net.office.addresses);
      else if (rng.chance(net.vpnShare)) current = hostIn(rng.pick(net.gateway.v4), rng);
      else current = net.home.subnet6 ? `${net.home.subnet6}:${iid(spec.key, day)}` : leaseAt(net.home, t);
      return current;
    },
  };
}

function weightedIndex<T>(rng: Prng, items: readonly T[], weights: readonly number[]): T {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}
