import { distanceKm } from '@tokenwatch/common';
import { tripTo } from '../model/trips';
import { DAY_MS, HOUR_MS } from '../world/local-time';
import { localSlots, type Scenario } from './scenario';

/** A phone travels within its country: other gateways of its own carrier, another ISP's hotel Wi-Fi. */
export const roamingInCountryScenario: Scenario = {
  name: 'roaming-in-country',
  label: 'benign',
  summary:
    "A mobile user travels to another city of their country for a few days: the carrier hands out addresses from other regional gateway pools (other cities in the geo data), and the evenings are on a hotel's Wi-Fi on another ISP of the same country.",
  expectedSignals: [],
  resembles: ['impossible_travel', 'concurrent_geo', 'new_network'],
  victims: ['mobile-user'],
  plan(victim, ctx) {
    const cities = victim.country.cities.filter((c) => c !== victim.home);
    if (cities.length === 0) return undefined;
    const destination = ctx.rng.pick(cities);
    const slots = localSlots(ctx, victim.home.timeZone, 7 + ctx.rng.next() * 4, 12 * HOUR_MS);
    if (slots.length === 0) return undefined;
    const trip = tripTo(ctx.rng, victim.home, destination, ctx.rng.pick(slots), 2 * DAY_MS + ctx.rng.next() * 2 * DAY_MS);
    victim.trips = [trip];
    return {
      start: trip.arrive,
      end: Math.min(ctx.period.end, trip.leave),
      detail: `${victim.home.city} → ${destination.city} (${Math.round(distanceKm(victim.home, destination))} km), hotel Wi-Fi on ${trip.hotel.network.org}.`,
    };
  },
};
