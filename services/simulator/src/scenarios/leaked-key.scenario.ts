import { ENDPOINTS } from '../world/endpoints';
import { USER_AGENTS } from '../world/user-agents';
import { foreignTo, hostsOn } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** A key pasted somewhere public is picked up and used from a country the token has never been seen in. */
export const leakedKeyScenario: Scenario = {
  name: 'leaked-key-new-country',
  label: 'attack',
  summary: 'The key is used from a residential network in a country the token has never used, with a scripting client, browsing the same API for ~25 minutes.',
  expectedSignals: ['new_country', 'new_user_agent', 'new_network'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(20 + ctx.rng.int(10));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const origin = foreignTo(ctx.rng, victim.home);
    const addresses = hostsOn(ctx.rng, origin.network, 1 + ctx.rng.int(3));
    const userAgent = ctx.rng.pick(USER_AGENTS.scripting);
    const browse = [ENDPOINTS.accountsList, ENDPOINTS.accountGet, ENDPOINTS.contactsList, ENDPOINTS.contactGet, ENDPOINTS.me, ENDPOINTS.search];
    const detail = `${Math.round(duration / 60_000)} min of requests every ~10 s from ${origin.city}, ${origin.country} (${origin.network.org}, ${addresses.length} address(es)) with ${userAgent}; the token lives in ${victim.home.country}.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 2_000 + rng.exponential(8_000),
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent, endpoint: rng.pick(browse), ids: victim.ids }),
    });
  },
};
