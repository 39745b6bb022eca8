import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { firing, runDetector, signalTypes, signalsOf } from '../testing/run-detector';
import { DEFAULT_ROUTES, MONDAY, dailyCycle, event, merge, rng, traffic, type Profile } from '../testing/synthetic-traffic';

const DAY = 86_400_000;
const MIN = 60_000;
const p: Profile = { fp: 'c1c2c3c4c5c6c7c8', rate: dailyCycle(120) };
const AT = MONDAY + 8 * DAY + 14 * 3_600_000;
const history = traffic(p, MONDAY, AT + 60 * MIN, 31);
const showWeak = { decision: { minAlertScore: 0.01 } };
const calls = (list: Array<[string, string]>, start: number, every: number, over: (i: number) => Partial<AccessEvent> = () => ({})) => {
  const random = rng(17);
  return list.map(([method, route], i) => event(p, start + i * every, { method, route, path: route.replace('{id}', String(1000 + i)), ...over(i) }, random));
};

describe('new_endpoint and sensitive_endpoint', () => {
  it('reports the first call of a route, and more strongly a sensitive one', () => {
    const { alerts } = runDetector(
      merge(
        history,
        calls(
          [
            ['GET', '/v1/reports'],
            ['POST', '/v1/admin/api-keys'],
          ],
          AT,
          MIN,
        ),
      ),
      showWeak,
    );
    expect(signalsOf(alerts, 'new_endpoint')[0]!.detail).toMatch(/^First call of GET \/v1\/reports after [\d,]+ requests\.$/);
    const sensitive = new Set(signalsOf(alerts, 'sensitive_endpoint').map((s) => s.observed));
    expect([...sensitive]).toEqual(['POST /v1/admin/api-keys']);
  });

  it('keeps a single new route below alerting, and escalates a token exploring many new routes', () => {
    const one = runDetector(merge(history, calls([['GET', '/v2/recommendations']], AT, MIN)));
    expect(firing(one.alerts)).toEqual([]);
    const routes: Array<[string, string]> = [
      ['GET', '/v1/api-keys'],
      ['GET', '/v1/users'],
      ['GET', '/v1/customers/{id}/payment-methods'],
      ['GET', '/v1/users/{id}/sessions'],
    ];
    const many = runDetector(merge(history, calls(routes, AT, 2 * MIN)));
    expect(firing(many.alerts, { min: 'medium' }).length).toBeGreaterThan(0);
  });

  it('treats a variant of a known route (one deeper segment differs) as weak and not as exploration', () => {
    const describer: Profile = {
      ...p,
      routes: [
        { method: 'GET', route: '/v1/sobjects/Lead/describe', weight: 1 },
        { method: 'GET', route: '/v1/items', weight: 5 },
      ],
    };
    const objects = ['Case', 'Event', 'User', 'Order'].map((o): [string, string] => ['GET', `/v1/sobjects/${o}/describe`]);
    const { alerts } = runDetector(merge(traffic(describer, MONDAY, AT + 60 * MIN, 37), calls(objects, AT, 2 * MIN)), showWeak);
    const s = signalsOf(alerts, 'new_endpoint');
    expect(s[0]!.detail).toMatch(/\(a variant of \/v1\/sobjects\/Lead\/describe\)\.$/);
    expect(Math.max(...s.map((x) => x.score))).toBeLessThan(0.25);
  });

  it('never reports a route the token already uses, even sensitive', () => {
    const admin: Profile = {
      ...p,
      routes: [
        { method: 'GET', route: '/v1/admin/users', weight: 1 },
        { method: 'GET', route: '/v1/items', weight: 5 },
      ],
    };
    const { alerts } = runDetector(traffic(admin, MONDAY, MONDAY + 9 * DAY, 32), showWeak);
    expect(signalsOf(alerts, 'sensitive_endpoint')).toEqual([]);
  });
});

describe('endpoint_drift', () => {
  it('fires when the recent route mix leaves the usual one, naming both', () => {
    const random = rng(40);
    const drift = Array.from({ length: 80 }, (_, i) =>
      event(p, AT + i * 15_000, { route: i % 2 ? '/v1/users/{id}/sessions' : '/v1/customers/{id}/payment-methods' }, random),
    );
    const { alerts } = runDetector(merge(history, drift), showWeak);
    const s = signalsOf(alerts, 'endpoint_drift');
    expect(s.length).toBeGreaterThan(0);
    expect(s[0]!.detail).toMatch(
      /^Route mix of the last \d+ requests diverges from this token's usual mix \(Jensen-Shannon [01]\.\d\d vs a typical 0\.\d\d\): now mostly .*, usually \/v1\/items/,
    );
  });

  it('stays quiet on the usual mix and on a feature rollout that adds 20% of traffic to a new route', () => {
    const rollout: Profile = { ...p, routes: [...DEFAULT_ROUTES, { method: 'GET', route: '/v2/recommendations', weight: 2.5 }] };
    const events = merge(traffic(p, MONDAY, AT, 33), traffic(rollout, AT, AT + 2 * DAY, 34));
    const { alerts } = runDetector(events);
    expect(firing(alerts)).toEqual([]);
  });
});

describe('enumeration', () => {
  it('fires on a walk through sequential ids with many 404s, within a minute', () => {
    const random = rng(50);
    const walk = Array.from({ length: 300 }, (_, i) =>
      event(p, AT + i * 400, { route: '/v1/accounts/{id}', path: `/v1/accounts/${50_000 + i}`, status: i % 4 ? 404 : 200 }, random),
    );
    const { alerts } = runDetector(merge(history, walk));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - AT).toBeLessThanOrEqual(60_000);
    expect(signalsOf(hits, 'enumeration')[0]!.detail).toMatch(
      /^\d+ distinct paths in the last minute, \d+% of them 404, vs a typical peak of [\d.]+ distinct paths per minute/,
    );
  });

  it('stays quiet for a token that routinely reads many ids', () => {
    const reader: Profile = { ...p, rate: () => 3000, routes: [{ method: 'GET', route: '/v1/items/{id}', weight: 1, ids: 100_000 }] };
    const { alerts } = runDetector(traffic(reader, MONDAY, MONDAY + 3 * DAY, 35));
    expect(signalTypes(firing(alerts))).not.toContain('enumeration');
  });
});

describe('sequence', () => {
  const chain: Array<[string, string]> = [
    ['GET', '/services/data/{version}/sobjects'],
    ['GET', '/services/data/{version}/sobjects/{object}/describe'],
    ['GET', '/services/data/{version}/query'],
    ['GET', '/services/data/{version}/limits'],
    ['POST', '/services/data/{version}/jobs/query'],
    ['DELETE', '/services/data/{version}/jobs/query/{id}'],
  ];

  it('fires on the breach chain within its window, critical once the delete job follows the export', () => {
    const { alerts } = runDetector(merge(history, calls(chain, AT, 2 * MIN)));
    const s = signalsOf(firing(alerts, { after: AT }), 'sequence');
    expect(s.length).toBeGreaterThan(0);
    expect(s[s.length - 1]!.detail).toMatch(
      /^Breach-pattern sequence recon -> describe -> count -> limits -> bulk_export -> delete_job \(6 of 6 stages\) within 10 min, on routes new to this token/,
    );
    expect(firing(alerts, { after: AT, min: 'critical' }).length).toBeGreaterThan(0);
  });

  it('ignores stages out of order, stages spread beyond the window, and scores a routine job low', () => {
    const reversed = runDetector(merge(history, calls([...chain].reverse(), AT, 2 * MIN)), showWeak);
    expect(signalsOf(reversed.alerts, 'sequence')).toEqual([]);
    const slow = runDetector(merge(history, calls(chain, AT, 130 * MIN)), showWeak);
    expect(signalsOf(slow.alerts, 'sequence')).toEqual([]);
    const etl: Profile = { ...p, routes: chain.map(([method, route]) => ({ method, route, weight: 1 })) };
    const routine = runDetector(merge(traffic(etl, MONDAY, AT, 36), calls(chain, AT, MIN)), showWeak);
    for (const s of signalsOf(
      routine.alerts.filter((a) => a.ts >= AT),
      'sequence',
    ))
      expect(s.score).toBeLessThan(0.4);
  });
});
