import { userAgentAt } from '../model/token-spec';
import { victimEgress } from './pick-place';
import { ENDPOINTS } from '../world/endpoints';
import { minutes, organicPerMinute, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** A compromised service host starts harvesting data it never needed, at an unremarkable rate. */
export const endpointDriftScenario: Scenario = {
  name: 'endpoint-drift',
  label: 'attack',
  summary:
    "For ~2 hours, at about the token's usual rate and from its usual address, requests go to routes it never used (payment methods, user sessions, API keys, user lists).",
  expectedSignals: ['endpoint_drift', 'new_endpoint'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(100 + ctx.rng.int(40));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const perMinute = Math.max(1, organicPerMinute(victim, ctx.rng));
    const routes = [ENDPOINTS.paymentMethods, ENDPOINTS.userSessions, ENDPOINTS.apiKeysList, ENDPOINTS.usersList];
    const detail = `${perMinute.toFixed(1)} requests/min for ${Math.round(duration / 60_000)} min to ${routes.length} routes the token never used.`;
    return streamedEpisode(ctx, when, detail, () => {
      const egress = victimEgress(victim, ctx.seed, ctx.key);
      return {
        gapMs: (rng) => rng.exponential(60_000 / perMinute),
        request: (rng, ts) => victimRequest(rng, victim, { ts, ip: egress.address(ts), userAgent: userAgentAt(victim, ts), endpoint: rng.pick(routes) }),
      };
    });
  },
};
