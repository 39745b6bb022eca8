import { userAgentAt } from '../model/token-spec';
import { ENDPOINTS } from '../world/endpoints';
import { foreignTo, hostsOn } from './pick-place';
import { hours, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** Patient exfiltration that stays under every volume threshold, from a country the token never used. */
export const lowAndSlowScenario: Scenario = {
  name: 'low-and-slow',
  label: 'attack',
  summary:
    "For 12–24 hours, one request every 8–25 minutes from a single residential address in a new country, with the token's own user agent, paging through list endpoints.",
  expectedSignals: ['new_country', 'rare_country', 'new_network'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = hours(12 + ctx.rng.int(13));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const origin = foreignTo(ctx.rng, victim.home);
    const ip = hostsOn(ctx.rng, origin.network, 1)[0]!;
    const lists = [ENDPOINTS.contactsList, ENDPOINTS.accountsList, ENDPOINTS.ordersList];
    const detail = `~${Math.round((duration / hours(1)) * 3.6)} requests over ${Math.round(duration / hours(1))} h from ${ip} (${origin.city}, ${origin.country}, ${origin.network.org}).`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 8 * 60_000 + rng.next() * 17 * 60_000,
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip, userAgent: userAgentAt(victim, ts), endpoint: rng.pick(lists) }),
    });
  },
};
