import { distanceKm } from '@tokenwatch/common';
import { tripTo } from '../model/trips';
import { HOME_LOCALES } from '../world/countries';
import { DAY_MS, HOUR_MS } from '../world/local-time';
import { distantPlace } from './pick-place';
import { localSlots, type Scenario } from './scenario';

/** A person flies abroad: silence for the flight, then the app is used at the destination. */
export const plausibleTravelScenario: Scenario = {
  name: 'plausible-travel',
  label: 'benign',
  summary:
    "A mobile user flies to a city more than 3,000 km away: no traffic for the flight (distance at 800 km/h plus 2.5–4 hours of airports), then the usual app use there in the local time: the hotel's Wi-Fi (a new country and network) and the phone roaming home-routed (its own carrier, its home country).",
  expectedSignals: [],
  resembles: ['impossible_travel', 'new_country', 'new_network', 'concurrent_geo'],
  victims: ['mobile-user'],
  plan(victim, ctx) {
    const destination = distantPlace(ctx.rng, victim.home, HOME_LOCALES, 3_000);
    const km = distanceKm(victim.home, destination);
    const flightHours = km / 800 + 4;
    const slots = localSlots(ctx, victim.home.timeZone, 7 + ctx.rng.next() * 3, (flightHours + 12) * HOUR_MS);
    if (slots.length === 0) return undefined;
    const trip = tripTo(ctx.rng, victim.home, destination, ctx.rng.pick(slots), 10 * DAY_MS);
    victim.trips = [trip];
    return {
      start: trip.arrive,
      end: Math.min(ctx.period.end, trip.arrive + 24 * HOUR_MS),
      detail: `${victim.home.city} → ${destination.city}, ${destination.country} (${Math.round(km)} km) with ${((trip.arrive - trip.depart) / HOUR_MS).toFixed(1)} h without traffic; hotel Wi-Fi on ${trip.hotel.network.org}, roaming on ${victim.net.kind === 'phone' ? victim.net.carrier.org : 'its carrier'}.`,
    };
  },
};
