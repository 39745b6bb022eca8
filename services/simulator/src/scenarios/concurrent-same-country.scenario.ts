import { userAgentAt, type TokenSpec } from '../model/token-spec';
import type { Network } from '../world/network';
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
  // in a country where the world has no operator the owner does not use, there is no such second client
  suits: (victim) => operatorsNotOwned(victim).length > 0,
  plan(victim, ctx) {
    const duration = hours(2) + minutes(ctx.rng.int(120));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const network = ctx.rng.pick(operatorsNotOwned(victim));
    const addresses = hostsOn(ctx.rng, network, 2);
    const detail = `${Math.round(duration / 60_000)} min of a second client on ${network.org} (AS${network.asn}, ${network.country}) alongside the owner's own use.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 60_000 + rng.next() * 120_000,
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip: rng.pick(addresses), userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) }),
    });
  },
};

/** The country's carriers and ISPs that the victim's own devices do not use. */
function operatorsNotOwned(victim: TokenSpec): Network[] {
  const own = new Set<number>();
  if (victim.net.kind === 'phone') own.add(victim.net.carrier.asn).add(victim.net.home.network.asn);
  if (victim.net.kind === 'laptop') own.add(victim.net.home.network.asn).add(victim.net.office.network.asn);
  return [...victim.country.mobile, ...victim.country.broadband].map((c) => c.network).filter((n) => !own.has(n.asn));
}
