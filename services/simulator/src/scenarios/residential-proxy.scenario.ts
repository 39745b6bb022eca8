import { userAgentAt } from '../model/token-spec';
import { hostsOn } from './pick-place';
import { minutes, organicPerMinute, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/**
 * A leaked key used through a residential proxy service with exits in the owner's own country: each
 * request leaves from another household's broadband or phone, so no new country shows up.
 */
export const residentialProxyScenario: Scenario = {
  name: 'leaked-key-residential-proxy',
  label: 'attack',
  summary:
    "For 30–60 minutes the key is used with the token's own user agent (a copied configuration) through residential proxy exits in the token's own country: every 1–4 requests another broadband or mobile address, at 2–5× the token's usual rate.",
  expectedSignals: ['new_network', 'ip_fanout'],
  victims: ['backend-service', 'partner-integration', 'employee'],
  plan(victim, ctx) {
    const duration = minutes(30 + ctx.rng.int(30));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const networks = [...victim.country.broadband, ...victim.country.mobile].map((c) => c.network);
    const perMinute = Math.max(2, (2 + ctx.rng.next() * 3) * organicPerMinute(victim, ctx.rng));
    const detail = `${perMinute.toFixed(1)} requests/min for ${Math.round(duration / 60_000)} min through proxy exits on ${networks.map((n) => `AS${n.asn}`).join(', ')} (${victim.country.code}).`;
    return streamedEpisode(ctx, when, detail, () => {
      let ip = '';
      let left = 0;
      return {
        gapMs: (rng) => rng.exponential(60_000 / perMinute),
        request: (rng, ts) => {
          if (left-- <= 0) {
            ip = hostsOn(rng, rng.pick(networks), 1)[0]!;
            left = rng.int(4);
          }
          return victimRequest(rng, victim, { ts, ip, userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) });
        },
      };
    });
  },
};
