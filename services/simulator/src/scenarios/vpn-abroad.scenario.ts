import { distanceKm } from '@tokenwatch/common';
import { tripTo } from '../model/trips';
import { COUNTRIES } from '../world/countries';
import { DAY_MS, HOUR_MS } from '../world/local-time';
import { localSlots, type Scenario } from './scenario';

/** An employee on a business trip abroad works through the corporate gateway node nearest the hotel. */
export const vpnAbroadScenario: Scenario = {
  name: 'vpn-abroad',
  label: 'benign',
  summary:
    "An employee who uses the corporate gateway flies abroad; after the flight their sessions leave from the gateway node nearest the destination (the same gateway network, another country) or the hotel's Wi-Fi. The first day there is labelled.",
  expectedSignals: [],
  resembles: ['new_country', 'impossible_travel', 'new_network'],
  victims: ['employee'],
  plan(victim, ctx) {
    const net = victim.net;
    if (net.kind !== 'laptop') return undefined;
    const abroad = COUNTRIES.filter((c) => c.code !== victim.country.code && c.gateway !== net.gateway);
    const destination = ctx.rng.pick(abroad).cities[0]!;
    // room for the flight and a working day there before the period ends
    const flightHours = distanceKm(victim.home, destination) / 800 + 4;
    const slots = localSlots(ctx, victim.home.timeZone, 6 + ctx.rng.next() * 3, (flightHours + 10) * HOUR_MS);
    if (slots.length === 0) return undefined;
    const trip = tripTo(ctx.rng, victim.home, destination, ctx.rng.pick(slots), 3 * DAY_MS);
    victim.trips = [trip];
    victim.net = { ...net, vpnShare: Math.max(net.vpnShare, 0.6) };
    return {
      start: trip.arrive,
      end: Math.min(ctx.period.end, trip.arrive + DAY_MS),
      detail: `${victim.home.city} → ${destination.city}, ${destination.country}: gateway node ${trip.gateway?.id ?? '-'} (${trip.gateway?.country ?? '-'}), hotel Wi-Fi on ${trip.hotel.network.org}.`,
    };
  },
};
