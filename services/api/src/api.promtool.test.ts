import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createApiApp } from './api.app';
import { listen, type RunningServer } from './api.server';
import { parseApiKeys } from './auth/api-keys';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.status === 0;
if (!hasPromtool) console.warn('promtool not found (Debian package `prometheus`): skipping `promtool check metrics`');

let server: RunningServer;
beforeAll(async () => {
  const app = createApiApp({
    registry: createMetricsRegistry(),
    readiness: [],
    apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: 'viewer:viewer-key-0123456789' }),
  });
  server = await listen(app, '127.0.0.1', 0);
});
afterAll(() => server?.close());

it.skipIf(!hasPromtool)('serves /metrics that pass `promtool check metrics`', async () => {
  // Some traffic first, so the request metrics have series (with route templates, never fingerprints).
  await fetch(`${server.url}/healthz`);
  await fetch(`${server.url}/api/tokens/${'ab'.repeat(16)}`);
  await fetch(`${server.url}/api/alerts`, { headers: { authorization: 'Bearer viewer-key-0123456789' } });
  const text = await (await fetch(`${server.url}/metrics`)).text();
  expect(text).toContain('tokenwatch_api_requests_total{method="GET",route="/healthz",status="200"} 1');
  expect(text).not.toContain('abababab');
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const findings = `${check.stdout}${check.stderr}`.split('\n').filter(Boolean);
  expect(findings).toEqual([]);
  expect(check.status).toBe(0);
});
