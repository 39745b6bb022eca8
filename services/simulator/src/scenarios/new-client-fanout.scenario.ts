import { USER_AGENTS } from '../world/user-agents';
import { hostsOn } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** The key is loaded into a scraper that rotates through a residential proxy pool in the token's own country. */
export const newClientFanoutScenario: Scenario = {
  name: 'new-client-ip-fanout',
  label: 'attack',
  summary:
    "For ~40 minutes a client with a user agent the token never used spreads its requests over 30–60 broadband and mobile addresses in the token's own country (a residential proxy pool).",
  expectedSignals: ['new_user_agent', 'ip_fanout', 'new_network'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(30 + ctx.rng.int(20));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const networks = [...victim.country.broadband, ...victim.country.mobile].map((c) => c.network);
    const pool = networks.flatMap((n) => hostsOn(ctx.rng, n, 20));
    const addresses = ctx.rng.shuffled(pool).slice(0, 30 + ctx.rng.int(31));
    const userAgent = ctx.rng.pick(USER_AGENTS.scripting.filter((ua) => ua !== victim.userAgent));
    const detail = `${addresses.length} addresses on ${networks.map((n) => n.org).join(', ')} (${victim.country.code}) over ${Math.round(duration / 60_000)} min with ${userAgent}.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 2_000 + rng.exponential(6_000),
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent, ...usualEndpoint(rng, victim) }),
    });
  },
};
