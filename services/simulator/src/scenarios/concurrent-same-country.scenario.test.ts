import { describe, expect, it } from 'vitest';
import { planSimulation } from '../plan/simulation-plan';

describe('concurrent-same-country', () => {
  it('puts the second client on a carrier or ISP of the country that the owner does not use', () => {
    // these sweep runs once drew phone users in Canada and Australia, whose countries had no other
    // operator: the second client fell back to the owner's own ISP
    for (const [seed, start] of [
      ['tune-01', Date.UTC(2026, 2, 3)],
      ['tune-20', Date.UTC(2027, 2, 22)],
    ] as const) {
      const episodes = planSimulation({ tokens: 500, days: 14, seed, start }).episodes.filter((e) => e.scenario.name === 'concurrent-same-country');
      expect(episodes, seed).toHaveLength(1);
      for (const { victim, detail } of episodes) {
        const own = victim.net.kind === 'phone' ? [victim.net.carrier.asn, victim.net.home.network.asn] : [];
        if (victim.net.kind === 'laptop') own.push(victim.net.home.network.asn, victim.net.office.network.asn);
        const asn = Number(/\(AS(\d+), /.exec(detail)?.[1]);
        expect(own.length, seed).toBeGreaterThan(0);
        expect(own, `${seed}: ${detail}`).not.toContain(asn);
      }
    }
  });
});
