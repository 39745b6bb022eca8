import { addressesIn } from '../model/token-spec';
import { HOUR_MS } from '../world/local-time';
import { HOME_PLACES, distanceKm } from '../world/places';
import { distantPlace } from './pick-place';
import { localSlots, type Scenario } from './scenario';

/** A person flies abroad: silence for the flight, then the app is used from the destination. */
export const plausibleTravelScenario: Scenario = {
  name: 'plausible-travel',
  label: 'benign',
  summary: 'A mobile user flies to a city more than 3,000 km away: no traffic for the flight (distance at 800 km/h plus 3–5 hours of airports), then the usual app use from the destination for the rest of the period.',
  expectedSignals: [],
  resembles: ['impossible_travel', 'new_country'],
  victims: ['mobile-user'],
  plan(victim, ctx) {
    const destination = distantPlace(ctx.rng, victim.home, HOME_PLACES, 3_000);
    const km = distanceKm(victim.home, destination);
    const gap = Math.round((km / 800 + 3 + ctx.rng.next() * 2) * HOUR_MS);
    const slots = localSlots(ctx, victim.home.utcOffsetHours, 7 + ctx.rng.next() * 3, gap + 12 * HOUR_MS);
    if (slots.length === 0) return undefined;
    const departure = ctx.rng.pick(slots);
    const arrival = departure + gap;
    victim.silences.push({ start: departure, end: arrival });
    victim.relocation = { at: arrival, home: destination, addresses: addressesIn(ctx.rng, destination, 2) };
    return {
      start: arrival,
      end: Math.min(ctx.period.end, arrival + 24 * HOUR_MS),
      detail: `${victim.home.city} → ${destination.city} (${Math.round(km)} km) with ${(gap / HOUR_MS).toFixed(1)} h without traffic (${Math.round(km / (gap / HOUR_MS))} km/h).`,
    };
  },
};
