import { DAY_MS } from '../world/local-time';
import type { Scenario } from './scenario';

/** A growing customer: more traffic every day, the same behaviour. */
export const organicGrowthScenario: Scenario = {
  name: 'organic-growth',
  label: 'benign',
  summary: "The token's rate grows 6–12% a day compounded over the whole period, with the same endpoints, addresses and daily cycle.",
  expectedSignals: [],
  resembles: ['volume_spike', 'bytes_spike'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    victim.growthPerDay = 0.06 + ctx.rng.next() * 0.06;
    const days = (ctx.period.end - ctx.period.start) / DAY_MS;
    return {
      start: ctx.learningEnd,
      end: ctx.period.end,
      detail: `+${Math.round(victim.growthPerDay * 100)}% a day, ×${Math.pow(1 + victim.growthPerDay, days).toFixed(2)} over ${days.toFixed(1)} days.`,
    };
  },
};
