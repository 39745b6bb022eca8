import { DAY_MS } from '../world/local-time';
import { hostIn } from '../world/network';
import { minutes, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** A forgotten key (a former integration) comes back to life in someone else's hands. */
export const dormantReactivationScenario: Scenario = {
  name: 'dormant-reactivation',
  label: 'attack',
  summary:
    "The token is active during the first quarter of the period, silent for half of it (3.5 days in a 7-day run), then makes a 30-minute session from a new address on a network of the kind it used (its cloud region, or its country's business ISP) with its old user agent.",
  expectedSignals: ['dormant_reactivation'],
  victims: ['partner-integration', 'backend-service'],
  plan(victim, ctx) {
    const length = ctx.period.end - ctx.period.start;
    const lastActive = ctx.period.start + Math.round(length * 0.25);
    const start = Math.max(ctx.learningEnd, lastActive + Math.round(length * 0.5)) + ctx.rng.int(Math.round(length * 0.1));
    const duration = minutes(25 + ctx.rng.int(10));
    const when = { start, end: start + duration };
    if (when.end > ctx.period.end - minutes(10)) return undefined;
    victim.activeUntil = lastActive;
    const network = victim.net.kind === 'servers' ? victim.net.regions[0]!.site : victim.country.business;
    const ip = hostIn(ctx.rng.pick(network.v4), ctx.rng);
    const detail = `Silent for ${((start - lastActive) / DAY_MS).toFixed(1)} days, then ${Math.round(duration / 60_000)} min of requests from ${ip} (${network.org}, ${network.country}).`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 3_000 + rng.exponential(15_000),
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip, userAgent: victim.userAgent, ...usualEndpoint(rng, victim) }),
    });
  },
};
