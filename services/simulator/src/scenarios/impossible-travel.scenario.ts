import { makeRequest } from '../model/request.factory';
import { addressesIn } from '../model/token-spec';
import { streamPrng } from '../random/prng';
import { ENDPOINTS } from '../world/endpoints';
import { HOUR_MS } from '../world/local-time';
import { FOREIGN_PLACES, HOME_PLACES, distanceKm } from '../world/places';
import { distantPlace } from './pick-place';
import { concat, localSlots, minutes, run, type Scenario } from './scenario';

/** A stolen app token is replayed from another continent minutes after its owner used it at home. */
export const impossibleTravelScenario: Scenario = {
  name: 'impossible-travel',
  label: 'attack',
  summary: 'The owner uses the app at home; 15–45 minutes later the same token (same app user agent) makes a short session from a city more than 5,000 km away.',
  expectedSignals: ['impossible_travel', 'new_country'],
  victims: ['mobile-user'],
  plan(victim, ctx) {
    const slots = localSlots(ctx, victim.home.utcOffsetHours, 12 + ctx.rng.next() * 8, 2 * HOUR_MS);
    if (slots.length === 0) return undefined;
    const homeSession = ctx.rng.pick(slots);
    const start = homeSession + minutes(15 + ctx.rng.int(30));
    const far = distantPlace(ctx.rng, victim.home, [...HOME_PLACES, ...FOREIGN_PLACES], 5_000);
    const addresses = addressesIn(ctx.rng, far, 1);
    const end = start + minutes(8 + ctx.rng.int(8));
    const km = Math.round(distanceKm(victim.home, far));
    const kmh = Math.round(km / ((start - homeSession) / HOUR_MS));
    const screens = [ENDPOINTS.me, ENDPOINTS.feed, ENDPOINTS.ordersList, ENDPOINTS.orderGet, ENDPOINTS.notifications];
    return {
      start,
      end,
      detail: `Home session in ${victim.home.city}, then ${Math.round((start - homeSession) / 60_000)} min later a session from ${far.city ?? far.country}, ${far.country} (${km} km, ~${kmh} km/h).`,
      events: () => {
        const rng = streamPrng(ctx.seed, ctx.key);
        const homeIp = rng.pick(victim.addresses);
        const request = (ip: string) => (r: typeof rng, ts: number) =>
          makeRequest(r, { ts, token: victim.identity, ip, userAgent: victim.userAgent, service: victim.service, endpoint: r.pick(screens), ids: victim.ids });
        const home = run(rng, { start: homeSession, end: homeSession + minutes(4), gapMs: (r) => 5_000 + r.exponential(15_000), limit: 6, request: request(homeIp) });
        const away = run(rng, { start, end, gapMs: (r) => 10_000 + r.exponential(40_000), request: request(addresses[0]!) });
        return concat(home, away);
      },
    };
  },
};
