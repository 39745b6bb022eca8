import { userAgentAt } from '../model/token-spec';
import { hostsOn } from './pick-place';
import { hours, minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/**
 * A second device uses the token at the same time as its owner, in the same country but on networks
 * the owner never uses (another carrier, another ISP): a cloned session, shared credentials.
 */
export const concurrentSameCountryScenario: Scenario = {
  name: 'concurrent-same-country',
  label: 'attack',
  summary:
    'For 2–4 hours, while the owner keeps using the token, a second client with the same user agent uses it every 1–3 minutes from the same country, on a carrier or ISP the owner does not use.',
  expectedSignals: ['concurrent_geo', 'new_network'],
  victims: ['mobile-user', 'employee'],
  plan(victim, ctx) {
    const duration = hours(2) + minutes(ctx.rng.int(120));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const own = new Set<number>();
    if (victim.net.kind === 'phone') own.add(victim.net.carrier.asn).add(victim.net.home.network.asn);
    if (victim.net.kind === 'laptop') own.add(victim.net.home.network.asn).add(victim.net.office.network.asn);
    const candidates = [...victim.country.mobile, ...victim.country.broadband].map((c) => c.network).filter((n) => !own.has(n.asn));
    const network = ctx.rng.pick(candidates.length > 0 ? candidates : [victim.country.business]);
    const addresses = hostsOn(ctx.rng, network, 2);
    const detail = `${Math.round(duration / 60_000)} min of a second client on ${network.org} (AS${network.asn}, ${network.country}) alongside the owner's own use.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 60_000 + rng.next() * 120_000,
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) }),
    });
  },
};
