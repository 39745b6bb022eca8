import { makeRequest } from '../model/request.factory';
import { addressesIn } from '../model/token-spec';
import { streamPrng } from '../random/prng';
import { HOME_PLACES } from '../world/places';
import { USER_AGENTS } from '../world/user-agents';
import { minutes, pickStart, run, type Scenario } from './scenario';

/** The key is loaded into a scraper that rotates through a residential proxy pool in the token's own country. */
export const newClientFanoutScenario: Scenario = {
  name: 'new-client-ip-fanout',
  label: 'attack',
  summary: 'For ~40 minutes a client with a user agent the token never used spreads its requests over 30–60 residential addresses in the token\'s home country (a proxy pool).',
  expectedSignals: ['new_user_agent', 'ip_fanout'],
  victims: ['backend-service', 'partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(30 + ctx.rng.int(20));
    const start = pickStart(ctx, duration);
    if (start === undefined) return undefined;
    const sameCountry = HOME_PLACES.filter((p) => p.country === victim.home.country);
    const pool = (sameCountry.length > 0 ? sameCountry : HOME_PLACES).flatMap((p) => addressesIn(ctx.rng, p, 12));
    const addresses = ctx.rng.shuffled(pool).slice(0, 30 + ctx.rng.int(31));
    const userAgent = ctx.rng.pick(USER_AGENTS.scripting.filter((ua) => ua !== victim.userAgent));
    const end = start + duration;
    return {
      start,
      end,
      detail: `${addresses.length} addresses in ${victim.home.country} over ${Math.round(duration / 60_000)} min with ${userAgent} (the token uses ${victim.userAgent} from ${victim.addresses.length} address(es)).`,
      events: () =>
        run(streamPrng(ctx.seed, ctx.key), {
          start, end, gapMs: (rng) => 2_000 + rng.exponential(6_000),
          request: (rng, ts) => makeRequest(rng, { ts, token: victim.identity, ip: rng.pick(addresses), userAgent, service: victim.service, endpoint: rng.weighted(victim.endpoints, (e) => e.weight).endpoint, ids: victim.ids }),
        }),
    };
  },
};
