import { ENDPOINTS } from '../world/endpoints';
import { scriptedAbuseClient } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** Walking sequential record ids to find what exists (BOLA probing): mostly 404s. */
export const idEnumerationScenario: Scenario = {
  name: 'id-enumeration',
  label: 'attack',
  summary:
    'For ~10 minutes, 2–4 requests/s walk sequential account and contact ids from a hosting, VPN or Tor address with a scripting client; about 75% are 404s.',
  expectedSignals: ['enumeration', 'volume_spike', 'new_user_agent', 'new_network'],
  victims: ['backend-service', 'partner-integration', 'mobile-user'],
  plan(victim, ctx) {
    const duration = minutes(8 + ctx.rng.int(5));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const { site: origin, ip, userAgent } = scriptedAbuseClient(ctx.rng);
    const firstId = 100_000 + ctx.rng.int(800_000);
    const detail = `Sequential ids from ${firstId} on /v1/accounts/{id} and /v1/contacts/{id}, ~3 requests/s for ${Math.round(duration / 60_000)} min from ${ip} (${origin.org}, ${origin.country}).`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 150 + rng.exponential(200),
      request: (rng, ts, i) => {
        const endpoint = i % 2 === 0 ? ENDPOINTS.accountGet : ENDPOINTS.contactGet;
        return victimRequest(rng, victim, { ts, ip, userAgent, endpoint, id: firstId + (i >> 1), status: rng.chance(0.75) ? 404 : 200 });
      },
    });
  },
};
