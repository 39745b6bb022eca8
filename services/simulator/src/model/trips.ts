import { distanceKm } from '@tokenwatch/common';
import type { Persona } from '../personas/persona';
import type { Prng } from '../random/prng';
import { COUNTRIES, countryOf, type Country, type Locale } from '../world/countries';
import { DAY_MS, HOUR_MS } from '../world/local-time';
import { hostIn } from '../world/network';
import type { NetProfile, Trip } from './net-profile';
import type { TimeWindow } from './token-spec';

/**
 * People travel: over two weeks about 6% of app users take a trip (60% within their country), and 4%
 * of employees a business trip abroad. Flights take distance / 800 km/h plus 2.5–4 hours of airports.
 */
export function planOrganicTrips(rng: Prng, persona: Persona, country: Country, home: Locale, net: NetProfile, period: TimeWindow): Trip[] {
  if (net.kind !== 'phone' && (net.kind !== 'laptop' || persona.kind !== 'employee')) return [];
  const days = (period.end - period.start) / DAY_MS;
  const chance = (net.kind === 'phone' ? 0.06 : 0.04) * (days / 14);
  if (!rng.chance(chance)) return [];
  const domestic = net.kind === 'phone' && rng.chance(0.6) && country.cities.length > 1;
  const destination = domestic ? rng.pick(country.cities.filter((c) => c !== home)) : rng.pick(COUNTRIES.filter((c) => c !== country)).cities[0]!;
  const depart = Math.round(rng.between(period.start, period.end));
  return [tripTo(rng, home, destination, depart, DAY_MS * (1 + rng.next() * 4))];
}

/** A trip from `home` to `destination` leaving at `depart` and staying `stayMs` there. */
export function tripTo(rng: Prng, home: Locale, destination: Locale, depart: number, stayMs: number): Trip {
  const flight = Math.round((distanceKm(home, destination) / 800 + 2.5 + rng.next() * 1.5) * HOUR_MS);
  const arrive = depart + flight;
  const leave = Math.round(arrive + stayMs);
  const there = countryOf(destination.country);
  const isp = rng.pick(there.broadband).network;
  return {
    depart,
    arrive,
    leave,
    back: leave + flight,
    destination,
    abroad: destination.country !== home.country,
    hotel: { network: isp, address: hostIn(rng.pick(isp.v4), rng) },
    gateway: there.gateway,
  };
}

/** Flights as silences. */
export const flightsOf = (trips: readonly Trip[]): TimeWindow[] =>
  trips.flatMap((t) => [
    { start: t.depart, end: t.arrive },
    { start: t.leave, end: t.back },
  ]);
