import { ENDPOINTS } from '../world/endpoints';
import { DAY_MS } from '../world/local-time';
import { pickStart, type Scenario } from './scenario';

/** A client release that starts calling a new API. */
export const featureRolloutScenario: Scenario = {
  name: 'feature-rollout',
  label: 'benign',
  summary:
    "A release adds calls to a new endpoint (GET /v2/recommendations, POST /v2/recommendations/{id}/feedback), about 20% of the token's traffic from then on; the first day is labelled.",
  expectedSignals: [],
  resembles: ['new_endpoint', 'endpoint_drift'],
  victims: ['backend-service', 'mobile-user'],
  plan(victim, ctx) {
    const at = pickStart(ctx, DAY_MS / 2, 0);
    if (at === undefined) return undefined;
    const total = victim.endpoints.reduce((sum, e) => sum + e.weight, 0);
    victim.rollout = {
      at,
      endpoints: [
        { endpoint: ENDPOINTS.recommendations, weight: total * 0.18 },
        { endpoint: ENDPOINTS.recommendationFeedback, weight: total * 0.06 },
      ],
    };
    return { start: at, end: Math.min(ctx.period.end, at + DAY_MS), detail: `Rollout at ${new Date(at).toISOString()}: 2 new routes, ~20% of requests.` };
  },
};
