import { userAgentAt } from '../model/token-spec';
import { victimEgress } from './pick-place';
import { formatLocal } from '../world/local-time';
import { localSlots, minutes, type Scenario, streamedEpisode } from './scenario';
import { usualEndpoint, victimRequest } from './victim-request';

/** A business-hours integration is used in the middle of its own night, from its own network. */
export const offHoursScenario: Scenario = {
  name: 'off-hours',
  label: 'attack',
  summary:
    'A partner integration that only works 09:00–18:00 on weekdays in its own time zone is used between 02:00 and 04:00 local time on a weekday night for ~45 minutes, from its usual networks and user agent.',
  expectedSignals: ['off_hours'],
  victims: ['partner-integration'],
  plan(victim, ctx) {
    const duration = minutes(35 + ctx.rng.int(20));
    const zone = victim.home.timeZone;
    const slots = localSlots(ctx, zone, 2 + ctx.rng.next() * 1.2, duration, true);
    if (slots.length === 0) return undefined;
    const start = ctx.rng.pick(slots);
    const when = { start, end: start + duration };
    const detail = `${Math.round(duration / 60_000)} min of requests every 20–60 s starting at ${formatLocal(start, zone)} local time in ${victim.home.city}.`;
    return streamedEpisode(ctx, when, detail, () => {
      const egress = victimEgress(victim, ctx.seed, ctx.key);
      return {
        gapMs: (rng) => 20_000 + rng.next() * 40_000,
        request: (rng, ts) => victimRequest(rng, victim, { ts, ip: egress.address(ts), userAgent: userAgentAt(victim, ts), ...usualEndpoint(rng, victim) }),
      };
    });
  },
};
