import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from 'express';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createApiApp } from './api.app';
import { listen, type RunningServer } from './api.server';
import { parseApiKeys } from './auth/api-keys';
import { createSilence } from '@tokenwatch/clickhouse';
import { API_KEYS_ENV, FP_A, HOUR, KEYS, NOW, seed } from './testing/seed.fixture';
import { OPENAPI_DOCUMENT } from './routes/openapi';

let ch: TestClickHouse;
let server: RunningServer;
let bare: RunningServer;
/** Replaced by the id of a silence created before the tests. */
const SILENCE_ID = ':silence';
let silenceId = '';

beforeAll(async () => {
  ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
  await seed(ch);
  silenceId = (await createSilence(ch, { matchers: { token: FP_A }, startsAt: NOW, endsAt: NOW + HOUR, createdBy: 'test' }, NOW)).id;
  const ingest = Router().post('/ingest/http', (_req, res) => {
    res.status(202).json({ accepted: true });
  });
  server = await listen(
    createApiApp({
      registry: createMetricsRegistry({ defaultMetrics: false }),
      readiness: [],
      clickhouse: ch,
      apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: API_KEYS_ENV }),
      ingestRouters: [ingest],
      rateLimit: { burst: 10_000, perSecond: 1_000 },
      failedAuthLimit: { burst: 10_000, perSecond: 1_000 },
      now: () => NOW,
    }),
    '127.0.0.1',
    0,
  );
  bare = await listen(createApiApp({ registry: createMetricsRegistry({ defaultMetrics: false }), readiness: [] }), '127.0.0.1', 0);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await bare?.close();
  await ch?.dispose();
});

type Caller = 'none' | 'wrong' | keyof typeof KEYS;
const CALLERS: Caller[] = ['none', 'wrong', 'viewer', 'responder', 'admin', 'ingest'];

type Route = { method: 'GET' | 'POST' | 'DELETE'; path: string; need: 'viewer' | 'responder' | 'ingest'; ok: number; body?: unknown; template?: string };
const TRIAGE_BODY = { reason: 'checked by the auth matrix' };
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/openapi.json', need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/alerts', need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/alerts/alert-a', need: 'viewer', ok: 200 },
  { method: 'POST', path: '/api/alerts/alert-a/ack', need: 'responder', ok: 201 },
  { method: 'POST', path: '/api/alerts/alert-a/resolve', need: 'responder', ok: 201 },
  { method: 'POST', path: '/api/alerts/alert-a/false-positive', need: 'responder', ok: 201 },
  { method: 'GET', path: '/api/queue', need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/overview', need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/tokens', need: 'viewer', ok: 200 },
  { method: 'GET', path: `/api/tokens/${FP_A}`, need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/revocations', need: 'viewer', ok: 200 },
  { method: 'GET', path: '/api/silences', need: 'viewer', ok: 200 },
  { method: 'POST', path: '/api/silences', need: 'responder', ok: 201, body: { matchers: { token: FP_A }, for: '1h', comment: 'checked by the auth matrix' } },
  // Expiring is idempotent: every allowed caller gets 200.
  { method: 'DELETE', path: `/api/silences/${SILENCE_ID}`, need: 'responder', ok: 200, template: '/api/silences/{id}' },
  { method: 'POST', path: '/ingest/http', need: 'ingest', ok: 202 },
];

function expected(caller: Caller, need: string, ok: number): number {
  if (caller === 'none' || caller === 'wrong') return 401;
  if (need === 'ingest' || caller === 'ingest') return caller === need ? ok : 403;
  const rank = { viewer: 1, responder: 2, admin: 3 } as Record<string, number>;
  return (rank[caller] ?? 0) >= (rank[need] ?? 9) ? ok : 403;
}

function headers(caller: Caller): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (caller === 'wrong') h.authorization = 'Bearer not-a-configured-key-123';
  else if (caller !== 'none') h.authorization = `Bearer ${KEYS[caller]}`;
  return h;
}

describe('auth matrix', () => {
  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      const want = expected(caller, route.need, route.ok);
      it(`${route.method} ${route.path} as ${caller} -> ${want}`, async () => {
        const res = await fetch(`${server.url}${route.path.replace(SILENCE_ID, silenceId)}`, {
          method: route.method,
          headers: headers(caller),
          ...(route.method === 'POST' ? { body: JSON.stringify(route.body ?? TRIAGE_BODY) } : {}),
        });
        expect(res.status).toBe(want);
        expect(res.headers.get('content-type')).toContain('application/json');
        if (want >= 400) expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
      });
    }
  }

  it('leaves health checks and metrics open', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await fetch(`${server.url}/api/alerts`, { headers: { authorization: `Basic ${KEYS.admin}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 503 on /api when no keys are configured', async () => {
    const res = await fetch(`${bare.url}/api/alerts`, { headers: headers('admin') });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'no API keys configured: set TOKENWATCH_API_KEYS' });
  });

  it('documents every authenticated route in the OpenAPI document', () => {
    const documented = Object.keys(OPENAPI_DOCUMENT.paths);
    for (const route of ROUTES.filter((r) => r.path.startsWith('/api/'))) {
      const template = route.template ?? route.path.replace('/alert-a', '/{id}').replace(FP_A, '{fp}');
      expect(documented).toContain(template);
      const operations = OPENAPI_DOCUMENT.paths[template as keyof typeof OPENAPI_DOCUMENT.paths] as Record<string, { 'x-required-role'?: string }>;
      expect(operations[route.method.toLowerCase()]?.['x-required-role']).toBe(route.need);
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After when a key exceeds its bucket', async () => {
    const limited = await listen(
      createApiApp({
        registry: createMetricsRegistry({ defaultMetrics: false }),
        readiness: [],
        clickhouse: ch,
        apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: API_KEYS_ENV }),
        rateLimit: { burst: 2, perSecond: 0.5 },
        failedAuthLimit: { burst: 3, perSecond: 0.1 },
        now: () => NOW,
      }),
      '127.0.0.1',
      0,
    );
    try {
      const call = () => fetch(`${limited.url}/api/openapi.json`, { headers: headers('viewer') });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const res = await call();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another key has its own bucket.
      expect((await fetch(`${limited.url}/api/openapi.json`, { headers: headers('admin') })).status).toBe(200);
      // Failed attempts are limited per client IP.
      const wrong = () => fetch(`${limited.url}/api/alerts`, { headers: headers('wrong') });
      for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401);
      const blocked = await wrong();
      expect(blocked.status).toBe(429);
      expect(await blocked.json()).toMatchObject({ error: 'too many failed authentication attempts' });
    } finally {
      await limited.close();
    }
  });
});
