import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createApiApp, type ApiAppDeps } from '../api.app';
import { listen, type RunningServer } from '../api.server';
import { parseApiKeys } from '../auth/api-keys';
import { API_KEYS_ENV, KEYS, NOW, seed } from './seed.fixture';

// Response bodies: their shapes are what the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export interface Reply {
  status: number;
  body: Json;
}

export interface SeededApi {
  ch: TestClickHouse;
  server: RunningServer;
  /** As the viewer. */
  get(path: string): Promise<Reply>;
  /** As the responder. */
  post(path: string, body: unknown): Promise<Reply>;
  /** As the responder. */
  del(path: string): Promise<Reply>;
  close(): Promise<void>;
}

/** The API on real chDB with the seeded rows (seed.fixture), its clock at NOW, the fixture keys. */
export async function startSeededApi(options: Partial<Pick<ApiAppDeps, 'tokenPolicy' | 'registry' | 'networkOf'>> = {}): Promise<SeededApi> {
  const ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
  await seed(ch);
  const server = await listen(
    createApiApp({
      registry: options.registry ?? createMetricsRegistry({ defaultMetrics: false }),
      ...(options.tokenPolicy ? { tokenPolicy: options.tokenPolicy } : {}),
      ...(options.networkOf ? { networkOf: options.networkOf } : {}),
      readiness: [],
      clickhouse: ch,
      apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: API_KEYS_ENV }),
      now: () => NOW,
    }),
    '127.0.0.1',
    0,
  );
  const call = async (method: string, path: string, key: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    ch,
    server,
    get: (path) => call('GET', path, KEYS.viewer),
    post: (path, body) => call('POST', path, KEYS.responder, body),
    del: (path) => call('DELETE', path, KEYS.responder),
    async close() {
      await server.close();
      await ch.dispose();
    },
  };
}
