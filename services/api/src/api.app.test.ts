import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createApiApp } from './api.app';
import { listen, PortInUseError, type RunningServer } from './api.server';

let server: RunningServer;
let dependencyUp = true;

beforeAll(async () => {
  const app = createApiApp({
    registry: createMetricsRegistry(),
    readiness: [
      {
        name: 'dependency',
        check: async () => {
          if (!dependencyUp) throw new Error('down');
        },
      },
    ],
    health: () => ({ version: 'test' }),
  });
  server = await listen(app, '127.0.0.1', 0);
});
afterAll(() => server.close());

it('answers /healthz without touching dependencies', async () => {
  dependencyUp = false;
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', version: 'test' });
});

it('reports readiness from its checks', async () => {
  dependencyUp = false;
  const down = await fetch(`${server.url}/readyz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ checks: [{ name: 'dependency', ok: false, error: 'down' }] });
  dependencyUp = true;
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});

it('serves Prometheus metrics', async () => {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.headers.get('content-type')).toContain('text/plain');
  expect(await res.text()).toContain('tokenwatch_process_cpu_seconds_total');
});

it('fails with a clear error when the port is taken', async () => {
  const port = Number(new URL(server.url).port);
  const app = createApiApp({ registry: createMetricsRegistry({ defaultMetrics: false }), readiness: [] });
  await expect(listen(app, '127.0.0.1', port)).rejects.toBeInstanceOf(PortInUseError);
});
