import { describe, expect, it } from 'vitest';
import type { TokenInventoryRow } from '@tokenwatch/clickhouse';
import { assessTokenRisk, DEFAULT_RISK_THRESHOLDS, sensitiveRouteTest, type RiskOptions } from './token-risk';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const opts: RiskOptions = { ...DEFAULT_RISK_THRESHOLDS, now: NOW, isSensitiveRoute: sensitiveRouteTest([/\/admin(\/|$)/i, /^DELETE /]) };

function token(over: Partial<TokenInventoryRow> = {}): TokenInventoryRow {
  return {
    fp: 'a1'.repeat(16),
    hint: 'x9Qz',
    kind: 'api_key',
    consumer: 'billing',
    firstSeen: NOW - 10 * DAY,
    lastSeen: NOW - 60_000,
    events: 100,
    bytes: 1_000,
    countries: ['DE'],
    routes: 2,
    ips: 2,
    userAgents: 1,
    routeKeys: ['GET /v1/users/{id}'],
    longestSilenceDays: 0,
    alerts: 0,
    openAlerts: { critical: 0, high: 0, medium: 0, low: 0 },
    reactivationAlerts: 0,
    ...over,
  };
}

describe('assessTokenRisk', () => {
  it('scores a young, quiet, single-place token 0 with no reasons', () => {
    const r = assessTokenRisk(token(), opts);
    expect(r).toMatchObject({ risk: 0, riskReasons: [] });
    expect(Object.values(r.flags).every((f) => !f)).toBe(true);
  });

  it('weighs open alerts by their highest severity, capped at 50', () => {
    expect(assessTokenRisk(token({ openAlerts: { critical: 0, high: 1, medium: 0, low: 0 } }), opts).risk).toBe(25);
    const many = assessTokenRisk(token({ openAlerts: { critical: 1, high: 2, medium: 3, low: 0 } }), opts);
    expect(many.riskReasons).toEqual([{ flag: 'openAlerts', points: 50, detail: '6 open alerts, the highest critical' }]);
    expect(assessTokenRisk(token({ openAlerts: { critical: 0, high: 0, medium: 0, low: 1 } }), opts).riskReasons[0]?.detail).toBe(
      '1 open alert, the highest low',
    );
  });

  it('names every flag with its numbers, highest points first', () => {
    const r = assessTokenRisk(
      token({
        firstSeen: NOW - 120 * DAY,
        countries: ['BR', 'DE', 'US'],
        ips: 25,
        userAgents: 7,
        routeKeys: ['DELETE /v1/keys/{id}', 'GET /admin/users', 'GET /v1/users/{id}'],
        longestSilenceDays: 45,
      }),
      opts,
    );
    expect(r.riskReasons.map((x) => [x.flag, x.points])).toEqual([
      ['dormantThenActive', 20],
      ['sharedIps', 15],
      ['manyCountries', 15],
      ['sharedUserAgents', 10],
      ['sensitiveRoutes', 10],
      ['longLived', 10],
    ]);
    expect(r.risk).toBe(80);
    expect(r.riskReasons.map((x) => x.detail)).toEqual([
      'silent for 45 days (≥ 30), then active again',
      'used from 25 IPs (≥ 20)',
      'used from 3 countries (≥ 3): BR, DE, US',
      'used by 7 user agents (≥ 5)',
      '2 sensitive routes used: DELETE /v1/keys/{id}, GET /admin/users',
      'seen for 120 days (≥ 90): rotate it',
    ]);
    expect(r.flags).toMatchObject({ dormantThenActive: true, sharedIps: true, dormant: false, openAlerts: false });
  });

  it('caps the score at 100', () => {
    const r = assessTokenRisk(
      token({
        firstSeen: NOW - 400 * DAY,
        ips: 50,
        userAgents: 9,
        countries: ['A', 'B', 'C'],
        reactivationAlerts: 1,
        openAlerts: { critical: 2, high: 0, medium: 0, low: 0 },
      }),
      opts,
    );
    expect(r.risk).toBe(100);
    expect(r.riskReasons.find((x) => x.flag === 'dormantThenActive')?.detail).toBe('1 dormant-reactivation alert');
  });

  it('flags a token silent for the dormant period, and just below thresholds nothing', () => {
    expect(assessTokenRisk(token({ lastSeen: NOW - 30 * DAY }), opts).riskReasons).toEqual([
      { flag: 'dormant', points: 5, detail: 'silent for 30 days (≥ 30): revoke it if unused' },
    ]);
    const below = token({ lastSeen: NOW - 29 * DAY, firstSeen: NOW - 89 * DAY, ips: 19, userAgents: 4, countries: ['A', 'B'], longestSilenceDays: 29 });
    expect(assessTokenRisk(below, opts).risk).toBe(0);
  });
});
