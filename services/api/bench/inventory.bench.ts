/**
 * How long one GET /api/tokens costs: the inventory query over access events, baselines, day
 * rollups and alerts (embedded chDB), then the risk assessment, sort and page in JS.
 * Run: node --import tsx services/api/bench/inventory.bench.ts [tokens] [eventsPerToken]
 */
import { performance } from 'node:perf_hooks';
import { insertAccessEvents, insertAlerts, listTokenInventory } from '@tokenwatch/clickhouse';
import { createTestClickHouse } from '@tokenwatch/clickhouse/testing';
import type { AccessEvent } from '@tokenwatch/contracts';
import { DEFAULT_TOKEN_POLICY } from '@tokenwatch/lifecycle';
import { DEFAULT_SENSITIVE_PATTERNS } from '@tokenwatch/detector';
import { inventoryPage } from '../src/risk/inventory.view';
import { DEFAULT_RISK_THRESHOLDS, sensitiveRouteTest } from '../src/risk/token-risk';

const tokens = Number(process.argv[2] ?? 5_000);
const perToken = Number(process.argv[3] ?? 40);
const NOW = Date.now();
const routes = ['/v1/users/{id}', '/v1/orders', '/v1/export', '/v1/admin/keys'];
const fp = (t: number) => t.toString(16).padStart(32, '0');

function events(from: number, to: number): AccessEvent[] {
  const out: AccessEvent[] = [];
  for (let i = from; i < to; i++) {
    const t = i % tokens;
    out.push({
      id: `inv-${i}`,
      ts: NOW - (i % (20 * 86_400)) * 1_000,
      gateway: 'kong',
      token: { fp: fp(t), hint: 'x9Qz', kind: 'api_key' },
      ip: `198.51.${t % 200}.${i % 30}`,
      method: 'GET',
      route: routes[i % routes.length] ?? null,
      path: '/v1/x',
      status: 200,
      bytes: 500,
      latencyMs: 5,
      userAgent: `client/${i % 6}`,
      consumer: `consumer-${t % 40}`,
      service: 'users',
      geo: { country: ['DE', 'US', 'BR', 'FR'][i % 4] ?? null, region: null, city: null, lat: null, lon: null },
    });
  }
  return out;
}

const ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
try {
  const total = tokens * perToken;
  for (let i = 0; i < total; i += 10_000) await insertAccessEvents(ch, events(i, Math.min(total, i + 10_000)));
  await insertAlerts(
    ch,
    Array.from({ length: Math.ceil(tokens / 10) }, (_, k) => ({
      id: `a-${k}`,
      ts: NOW - 60_000,
      token: { fp: fp(k * 10), hint: null },
      severity: 'high' as const,
      score: 0.8,
      signals: [{ type: 'volume_spike' as const, score: 0.8, observed: 100, expected: 10, detail: '100 requests against 10.' }],
      summary: 'spike',
      window: { start: NOW - 360_000, end: NOW - 60_000 },
      state: 'firing' as const,
    })),
  );
  const risk = {
    ...DEFAULT_RISK_THRESHOLDS,
    now: NOW,
    policy: DEFAULT_TOKEN_POLICY,
    isSensitiveRoute: sensitiveRouteTest(DEFAULT_SENSITIVE_PATTERNS.map((p) => new RegExp(p, 'i'))),
  };
  console.log(`inventory of ${tokens} tokens, ${total} events`);
  for (let run = 1; run <= 3; run++) {
    const t0 = performance.now();
    const rows = await listTokenInventory(ch, { limit: 50_001 });
    const t1 = performance.now();
    const page = inventoryPage(rows, { sort: 'risk', flags: [], limit: 50 }, risk);
    const t2 = performance.now();
    console.log(
      `run ${run}: query ${(t1 - t0).toFixed(0)} ms (${rows.length} rows), risk + sort + page ${(t2 - t1).toFixed(1)} ms, top risk ${page.items[0]?.risk}`,
    );
  }
} finally {
  await ch.dispose();
}
