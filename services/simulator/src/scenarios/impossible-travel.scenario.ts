import { distanceKm } from '@tokenwatch/common';
import { makeRequest } from '../model/request.factory';
import { userAgentAt } from '../model/token-spec';
import { streamPrng } from '../random/prng';
import { ENDPOINTS } from '../world/endpoints';
import { HOUR_MS } from '../world/local-time';
import { distantPlace, hostsOn, placesWithNetworks, victimEgress } from './pick-place';
import { concat, localSlots, minutes, run, type Scenario } from './scenario';

/** A stolen app token is replayed from another continent minutes after its owner used it at home. */
export const impossibleTravelScenario: Scenario = {
  name: 'impossible-travel',
  label: 'attack',
  summary:
    'The owner uses the app on their usual networks; 15–45 minutes later the same token (same app user agent) makes a short session from a residential network more than 5,000 km away.',
  expectedSignals: ['impossible_travel', 'new_country', 'new_network'],
  victims: ['mobile-user'],
  plan(victim, ctx) {
    const slots = localSlots(ctx, victim.home.timeZone, 12 + ctx.rng.next() * 8, 2 * HOUR_MS);
    if (slots.length === 0) return undefined;
    const homeSession = ctx.rng.pick(slots);
    const start = homeSession + minutes(15 + ctx.rng.int(30));
    const far = distantPlace(ctx.rng, victim.home, placesWithNetworks(), 5_000);
    const away = hostsOn(ctx.rng, far.network, 1)[0]!;
    const end = start + minutes(8 + ctx.rng.int(8));
    const km = Math.round(distanceKm(victim.home, far));
    const kmh = Math.round(km / ((start - homeSession) / HOUR_MS));
    const screens = [ENDPOINTS.me, ENDPOINTS.feed, ENDPOINTS.ordersList, ENDPOINTS.orderGet, ENDPOINTS.notifications];
    return {
      start,
      end,
      detail: `Home session in ${victim.home.city}, then ${Math.round((start - homeSession) / 60_000)} min later a session from ${far.city}, ${far.country} (${far.network.org}; ${km} km, ~${kmh} km/h).`,
      events: () => {
        const rng = streamPrng(ctx.seed, ctx.key);
        const egress = victimEgress(victim, ctx.seed, ctx.key);
        const userAgent = userAgentAt(victim, homeSession);
        const request = (ip: (ts: number) => string) => (r: typeof rng, ts: number) =>
          makeRequest(r, { ts, token: victim.identity, ip: ip(ts), userAgent, service: victim.service, endpoint: r.pick(screens), ids: victim.ids });
        const home = run(rng, {
          start: homeSession,
          end: homeSession + minutes(4),
          gapMs: (r) => 5_000 + r.exponential(15_000),
          limit: 6,
          request: request((ts) => egress.address(ts)),
        });
        const there = run(rng, { start, end, gapMs: (r) => 10_000 + r.exponential(40_000), request: request(() => away) });
        return concat(home, there);
      },
    };
  },
};
