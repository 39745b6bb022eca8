import { DAY_MS } from '../world/local-time';
import { pickStart, type Scenario } from './scenario';

/** A token issued during the period: no history of its own, ordinary behaviour for its kind. */
export const brandNewTokenScenario: Scenario = {
  name: 'brand-new-token',
  label: 'benign',
  summary: 'A token issued after the learning time starts with ordinary traffic for its persona; its first day is labelled.',
  expectedSignals: [],
  resembles: ['new_country', 'dormant_reactivation', 'new_user_agent'],
  victims: ['mobile-user', 'partner-integration', 'backend-service'],
  plan(victim, ctx) {
    const start = pickStart(ctx, DAY_MS / 2, 0);
    if (start === undefined) return undefined;
    victim.activeFrom = start;
    return {
      start,
      end: Math.min(ctx.period.end, start + DAY_MS),
      detail: `Issued at ${new Date(start).toISOString()} (${victim.persona.kind} in ${victim.home.city}).`,
    };
  },
};
