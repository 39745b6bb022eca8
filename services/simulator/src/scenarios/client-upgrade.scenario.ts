import { userAgentAt } from '../model/token-spec';
import { DAY_MS } from '../world/local-time';
import { upgraded } from '../world/user-agents';
import { pickStart, type Scenario } from './scenario';

/** A new release of the client: same family, newer version in the user agent. */
export const clientUpgradeScenario: Scenario = {
  name: 'client-upgrade',
  label: 'benign',
  summary:
    'The client is upgraded: from one moment on every request carries a newer version of the same user agent (app, HTTP library or connector); nothing else changes. The first day is labelled.',
  expectedSignals: [],
  resembles: ['new_user_agent'],
  victims: ['mobile-user', 'backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const at = pickStart(ctx, DAY_MS / 2, 0);
    if (at === undefined) return undefined;
    const before = userAgentAt(victim, at);
    const userAgent = upgraded(before);
    victim.uaChanges = [...victim.uaChanges.filter((c) => c.at < at), { at, userAgent }];
    return { start: at, end: Math.min(ctx.period.end, at + DAY_MS), detail: `${before} → ${userAgent} at ${new Date(at).toISOString()}.` };
  },
};
