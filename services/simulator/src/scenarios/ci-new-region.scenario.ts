import { CLOUD_SITES } from '../world/countries';
import { DAY_MS } from '../world/local-time';
import { pickStart, type Scenario } from './scenario';

/** The CI provider (or the team) moves the runner pool: jobs now start in a region never used before. */
export const ciNewRegionScenario: Scenario = {
  name: 'ci-new-region',
  label: 'benign',
  summary:
    "From one moment on, a CI token's jobs run in a region of its cloud provider it never used (often in another country): same provider network, same user agent, a fresh address per job as always. The first day is labelled.",
  expectedSignals: [],
  resembles: ['new_country', 'impossible_travel', 'new_network'],
  victims: ['ci-job'],
  plan(victim, ctx) {
    if (victim.net.kind !== 'ci') return undefined;
    const net = victim.net;
    const used = new Set(net.regions.filter((_, i) => net.weights[i]! >= 10));
    const provider = net.regions[0]!.id.split('-')[0]!;
    const fresh = CLOUD_SITES.filter((s) => s.id.startsWith(`${provider}-`) && !used.has(s));
    if (fresh.length === 0) return undefined;
    const at = pickStart(ctx, DAY_MS / 2, 0);
    if (at === undefined) return undefined;
    const target = ctx.rng.pick(
      fresh.filter((s) => s.country !== victim.home.country).length > 0 ? fresh.filter((s) => s.country !== victim.home.country) : fresh,
    );
    victim.net = { kind: 'ci', regions: net.regions, weights: net.weights, moveAt: at, movedTo: target };
    return {
      start: at,
      end: Math.min(ctx.period.end, at + DAY_MS),
      detail: `Runners move to ${target.id} (${target.city}, ${target.country}) at ${new Date(at).toISOString()}.`,
    };
  },
};
