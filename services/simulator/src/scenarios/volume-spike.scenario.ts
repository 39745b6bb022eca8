import { userAgentAt } from '../model/token-spec';
import { victimEgress } from './pick-place';
import { minutes, organicPerMinute, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** The key is abused from the service's own infrastructure (a compromised host) at many times its usual rate. */
export const volumeSpikeScenario: Scenario = {
  name: 'volume-spike',
  label: 'attack',
  summary: 'For ~20 minutes the token sends at least 20× its usual rate (≥ 1 request/s) from its usual addresses, user agent and endpoints.',
  expectedSignals: ['volume_spike'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(15 + ctx.rng.int(10));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const usual = organicPerMinute(victim, ctx.rng);
    const perMinute = Math.max(60, 20 * usual);
    const detail = `${Math.round(perMinute)} requests/min for ${Math.round(duration / 60_000)} min; the token's mean is ${usual.toFixed(2)}/min.`;
    return streamedEpisode(ctx, when, detail, () => {
      const egress = victimEgress(victim, ctx.seed, ctx.key);
      return {
        gapMs: (rng) => rng.exponential(60_000 / perMinute),
        request: (rng, ts) => victimRequest(rng, victim, { ts, ip: egress.address(ts), userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) }),
      };
    });
  },
};
