import { DAY_MS } from '../world/local-time';
import { pickStart, type Scenario } from './scenario';

/** A new release of the client: same family, newer version in the user agent. */
export const clientUpgradeScenario: Scenario = {
  name: 'client-upgrade',
  label: 'benign',
  summary: 'The client is upgraded: from one moment on every request carries a newer version of the same user agent (app, HTTP library or connector); nothing else changes. The first day is labelled.',
  expectedSignals: [],
  resembles: ['new_user_agent'],
  victims: ['mobile-user', 'backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const at = pickStart(ctx, DAY_MS / 2, 0);
    if (at === undefined) return undefined;
    const userAgent = upgraded(victim.userAgent);
    victim.upgrade = { at, userAgent };
    return { start: at, end: Math.min(ctx.period.end, at + DAY_MS), detail: `${victim.userAgent} → ${userAgent} at ${new Date(at).toISOString()}.` };
  },
};

/** Bumps the first version number's minor part ("okhttp/4.12.0" -> "okhttp/4.13.0"), or appends one. */
export function upgraded(userAgent: string): string {
  const bumped = userAgent.replace(/(\d+)\.(\d+)(\.\d+)?/, (_, major: string, minor: string, patch?: string) => `${major}.${Number(minor) + 1}${patch ? '.0' : ''}`);
  return bumped === userAgent ? `${userAgent}/2.0` : bumped;
}
