import { userAgentAt } from '../model/token-spec';
import { ENDPOINTS } from '../world/endpoints';
import { abuseSiteIn, hostsOn } from './pick-place';
import { hours, organicPerMinute, pickStart, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** Paging through the data a little at a time, far below the token's own volume, from a rented server. */
export const slowExfiltrationScenario: Scenario = {
  name: 'slow-exfiltration',
  label: 'attack',
  summary:
    "For 1–2 days a VPS in the token's own country pages through list endpoints with the token's user agent, one request every 3–12 minutes: under a tenth of the token's usual volume.",
  expectedSignals: ['new_network'],
  victims: ['backend-service', 'partner-integration', 'employee'],
  plan(victim, ctx) {
    const duration = hours(24 + ctx.rng.int(24));
    const start = pickStart(ctx, Math.min(duration, ctx.period.end - ctx.learningEnd - hours(1)));
    if (start === undefined) return undefined;
    const when = { start, end: Math.min(ctx.period.end - hours(0.5), start + duration) };
    const site = abuseSiteIn(ctx.rng, victim.country.code, ['hosting']);
    const ip = hostsOn(ctx.rng, site, 1)[0]!;
    const usual = organicPerMinute(victim, ctx.rng);
    const lists = [ENDPOINTS.contactsList, ENDPOINTS.accountsList, ENDPOINTS.ordersList, ENDPOINTS.usersList];
    const detail = `~${Math.round((when.end - when.start) / 450_000)} requests over ${((when.end - when.start) / hours(1)).toFixed(0)} h from ${ip} (${site.org}, ${site.city}); the token's own mean is ${usual.toFixed(2)}/min.`;
    return streamedEpisode(ctx, when, detail, {
      gapMs: (rng) => 3 * 60_000 + rng.next() * 9 * 60_000,
      request: (rng, ts) => victimRequest(rng, victim, { ts, ip, userAgent: userAgentAt(victim, ts), endpoint: rng.pick(lists) }),
    });
  },
};
