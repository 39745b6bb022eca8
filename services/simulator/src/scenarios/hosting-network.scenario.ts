import { userAgentAt } from '../model/token-spec';
import { abuseSiteIn, hostsOn } from './pick-place';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** A stolen token replayed from a VPS, a consumer VPN or Tor, in the owner's own country where there is one. */
export const hostingNetworkScenario: Scenario = {
  name: 'hosting-network-use',
  label: 'attack',
  summary:
    "For 20–60 minutes the token, with its own user agent and endpoints, is used from a VPS, a commercial VPN exit or a Tor exit, in the token's own country when one is there.",
  expectedSignals: ['new_network'],
  victims: ['mobile-user', 'employee', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(20 + ctx.rng.int(40));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const site = abuseSiteIn(ctx.rng, victim.country.code, [ctx.rng.pick(['hosting', 'vpn', 'tor'] as const)]);
    const addresses = hostsOn(ctx.rng, site, 1 + ctx.rng.int(2));
    const detail = `${Math.round(duration / 60_000)} min from ${site.role} ${site.org} (AS${site.asn}, ${site.city}, ${site.country}); the token lives in ${victim.country.code}.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 3_000 + rng.exponential(20_000),
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) }),
    });
  },
};
