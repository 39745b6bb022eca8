import { distanceKm } from '@tokenwatch/common';
import { USER_AGENTS } from '../world/user-agents';
import { distantPlace, hostsOn, placesWithNetworks } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** A copy of a service key runs somewhere far away while the real service keeps using it. */
export const concurrentGeoScenario: Scenario = {
  name: 'concurrent-geo',
  label: 'attack',
  summary:
    'While the service keeps calling from its own region, a second client uses the same key from a residential network more than 3,000 km away every 30–120 s for about 90 minutes.',
  expectedSignals: ['concurrent_geo', 'impossible_travel', 'new_country', 'new_network'],
  victims: ['backend-service'],
  plan(victim, ctx) {
    const duration = minutes(75 + ctx.rng.int(30));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const far = distantPlace(ctx.rng, victim.home, placesWithNetworks(), 3_000);
    const addresses = hostsOn(ctx.rng, far.network, 2);
    const userAgent = ctx.rng.chance(0.5) ? victim.userAgent : ctx.rng.pick(USER_AGENTS.backend);
    const detail = `${Math.round(duration / 60_000)} min of parallel use from ${far.city}, ${far.country} (${far.network.org}, AS${far.network.asn}), ${Math.round(distanceKm(victim.home, far))} km from the service's region (${victim.home.city}).`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 30_000 + rng.next() * 90_000,
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent, ...usualEndpoint(rng, victim) }),
    });
  },
};
