import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenPolicy } from '@tokenwatch/lifecycle';
import { Counter, createMetricsRegistry, Gauge } from '@tokenwatch/observability';
import { startSeededApi, type SeededApi } from './testing/api.harness';
import { FP_A, FP_B, HOUR, KEYS, NOW } from './testing/seed.fixture';

let api: SeededApi;
const registry = createMetricsRegistry({ defaultMetrics: false });
const stored = new Counter({ name: 'tokenwatch_ingest_events_out_total', help: 'h', labelNames: ['stage'], registers: [registry] });
new Gauge({ name: 'tokenwatch_kafka_consumer_lag', help: 'h', labelNames: ['group', 'topic', 'partition'], registers: [registry] })
  .labels({ group: 'tokenwatch-score', topic: 't', partition: '0' })
  .set(42);
new Counter({ name: 'tokenwatch_ingest_rejections_total', help: 'h', labelNames: ['stage', 'reason', 'format'], registers: [registry] })
  .labels({ stage: 'normalize', reason: 'no_credential', format: 'kong' })
  .inc(3);

beforeAll(async () => {
  const tokenPolicy = TokenPolicy.parse({ rules: [{ name: 'reports', match: { consumer: 'rep*' }, maxIdleDays: 60 }] });
  api = await startSeededApi({
    registry,
    tokenPolicy,
    networkOf: (ip) => (ip.startsWith('198.51.100.') ? { asn: 64500, org: 'Example Transit', class: 'hosting' } : null),
  });
}, 60_000);
afterAll(async () => {
  await api?.close();
});

describe('GET /api/queue', () => {
  it('orders every alert firing first, then by severity, and pages with a cursor', async () => {
    const first = await api.get('/api/queue?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { id: string }) => a.id)).toEqual(['alert-a', 'alert-b']);
    expect(first.body.total).toBe(3);
    const second = await api.get(`/api/queue?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: { id: string }) => a.id)).toEqual(['alert-c']);
    expect(second.body.nextCursor).toBeNull();
    expect((await api.get('/api/queue?state=firing&severity=low')).body.items.map((a: { id: string }) => a.id)).toEqual(['alert-b']);
    expect((await api.get('/api/queue?severity=urgent')).status).toBe(400);
  });
});

describe('GET /api/overview', () => {
  it('counts alerts per hour and severity, top signals and tokens, stored events and the pipeline metrics', async () => {
    stored.labels({ stage: 'score' }).inc(1_000);
    const { status, body } = await api.get('/api/overview?range=24h');
    expect(status).toBe(200);
    expect(body.range).toMatchObject({ name: '24h', bucket: HOUR, to: NOW + HOUR });
    expect(body.firing).toBe(2);
    expect(body.alertsOverTime).toEqual([
      { bucket: NOW - 3 * HOUR, severity: 'medium', alerts: 1 },
      { bucket: NOW - 2 * HOUR, severity: 'low', alerts: 1 },
      { bucket: NOW - HOUR, severity: 'high', alerts: 1 },
    ]);
    expect(body.topSignals[0]).toEqual({ signal: 'new_country', alerts: 2 });
    expect(body.topTokens.map((t: { fp: string }) => t.fp)).toEqual([FP_A, FP_B]);
    expect(body.eventsOverTime.reduce((n: number, b: { events: number }) => n + b.events, 0)).toBe(35);
    // The API's clock stands still: no second has passed since the reader started, so no rate yet.
    expect(body.pipeline).toMatchObject({ available: true, eventsStored: 1_000, eventsPerSecond: null });
    expect(body.pipeline.consumerLag).toEqual([{ group: 'tokenwatch-score', lag: 42 }]);
    expect(body.pipeline.rejections).toEqual([{ reason: 'no_credential', count: 3 }]);
    expect((await api.get('/api/overview?range=2y')).status).toBe(400);
  });
});

describe('token lifecycle in the inventory', () => {
  it('shows first seen, age, policy state and conditions per token; filters by policy state', async () => {
    const { body } = await api.get('/api/tokens');
    const a = body.items.find((t: { fp: string }) => t.fp === FP_A);
    expect(a.lifecycle).toMatchObject({
      policy: 'default',
      ageDays: 100,
      policyState: 'rotation_overdue',
      conditions: ['rotation_overdue'],
      sharedClients: false,
    });
    expect(a.lifecycle.violations).toEqual(['rotation overdue: every 90 days, first seen 100 days ago']);
    // FP_B's consumer "reports" may idle 60 days: 40 silent days are within its policy.
    const b = body.items.find((t: { fp: string }) => t.fp === FP_B);
    expect(b.lifecycle).toMatchObject({ policy: 'reports', idleDays: 40, policyState: 'ok' });
    const overdue = await api.get('/api/tokens?policy=rotation_overdue,past_max_age');
    expect(overdue.body.items.map((t: { fp: string }) => t.fp)).toEqual([FP_A]);
    expect((await api.get('/api/tokens?policy=ok')).body.items.map((t: { fp: string }) => t.fp)).toEqual([FP_B]);
    expect((await api.get('/api/tokens?policy=late')).status).toBe(400);
  });

  it('exports the filtered inventory as CSV', async () => {
    const res = await fetch(`${api.server.url}/api/tokens?format=csv&sort=risk`, { headers: { authorization: `Bearer ${KEYS.viewer}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=tokens.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^fingerprint,hint,kind,consumer,first_seen,last_seen,age_days,idle_days,policy,policy_state,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${FP_A},x9Qz,api_key,billing,${new Date(NOW - 100 * 86_400_000).toISOString()},`);
    expect(lines[1]).toContain(',rotation_overdue,');
  });
});

describe('token and alert pages', () => {
  it('a token page carries lifecycle facts, networks and places', async () => {
    const { body } = await api.get(`/api/tokens/${FP_A}`);
    expect(body.lifecycle).toMatchObject({
      consumer: 'billing',
      kind: 'api_key',
      hint: 'x9Qz',
      service: 'users',
      firstSeen: NOW - 100 * 86_400_000,
      ageDays: 100,
      policyState: 'rotation_overdue',
    });
    expect(body.networks[0]).toMatchObject({ asn: 64500, org: 'Example Transit', events: 30, ips: 1, countries: ['BR'] });
    expect(body.networks[1]).toMatchObject({ asn: null, events: 5 });
    expect(body.places.map((p: { city: string }) => p.city)).toEqual(['São Paulo', 'Berlin']);
  });

  it('an alert page carries the usual places and the path of the alert', async () => {
    const { body } = await api.get('/api/alerts/alert-a');
    expect(body.usualPlaces.map((p: { city: string; events: number }) => [p.city, p.events])).toEqual([['Berlin', 5]]);
    expect(body.path.map((s: { city: string; before: boolean; requests: number }) => [s.city, s.before, s.requests])).toEqual([
      ['Berlin', true, 1],
      ['São Paulo', false, 30],
    ]);
  });
});

describe('dashboard libraries', () => {
  it('are served from node_modules without a key', async () => {
    for (const [file, type] of [
      ['echarts.esm.min.mjs', 'text/javascript'],
      ['topojson-client.min.js', 'text/javascript'],
      ['countries-110m.json', 'application/json'],
    ]) {
      const res = await fetch(`${api.server.url}/vendor/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(5_000);
    }
    expect((await fetch(`${api.server.url}/vendor/..%2Fpackage.json`)).status).toBe(404);
  });
});
