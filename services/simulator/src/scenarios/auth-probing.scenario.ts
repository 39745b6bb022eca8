import { ENDPOINTS } from '../world/endpoints';
import { scriptedAbuseClient } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** Someone holding the key tries what else it opens: admin routes answered with 403 and 401. */
export const authProbingScenario: Scenario = {
  name: 'auth-failure-probing',
  label: 'attack',
  summary:
    'For ~5 minutes a scripting client on a hosting, VPN or Tor address tries admin routes (users, API keys, audit log, settings, roles) every few seconds; the gateway answers 403 (some 401).',
  expectedSignals: ['auth_failures', 'sensitive_endpoint', 'new_network'],
  victims: ['mobile-user', 'partner-integration', 'backend-service', 'ci-job'],
  plan(victim, ctx) {
    const duration = minutes(4 + ctx.rng.int(3));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const { site: origin, ip, userAgent } = scriptedAbuseClient(ctx.rng);
    const admin = [ENDPOINTS.adminUsers, ENDPOINTS.adminKeys, ENDPOINTS.adminAudit, ENDPOINTS.adminSettings, ENDPOINTS.adminRoles];
    const detail = `~15 admin-route requests/min for ${Math.round(duration / 60_000)} min from ${ip} (${origin.org}, ${origin.country}), answered 403/401.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 1_500 + rng.exponential(3_000),
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip, userAgent, endpoint: rng.pick(admin), status: rng.chance(0.8) ? 403 : 401 }),
    });
  },
};
