import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Alert, topicNames } from '@tokenwatch/contracts';
import { ensureTopics } from '@tokenwatch/kafka';
import { checkSignedAlertWebhook, startReceiver, WEBHOOK_SECRET, type Receiver } from '@tokenwatch/notifier/testing';
import { eventually } from './support/eventually';
import { groupLag, produce, testKafka } from './support/kafka-io';
import { kongRecord } from './support/kong-records';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * `tokenwatch run ingest`, `run notifier` and `run api` as three processes on the real broker.
 * Gateway records in (Kafka and POST /ingest) -> ingest -> alerts topic -> notifier -> a real,
 * signature-checking webhook receiver. No ClickHouse server can be had on this machine and chDB
 * allows one process per data folder, so each process has its own embedded database: the API's
 * view of the data ingest wrote is what this test cannot cover (see infra/README.md).
 */
const LEAKED_KEY = 'sk_live_leaked_9f8e7d6c5b4a';
const INGEST_KEY = 'ingest-key-0123456789abcdef';
const VIEWER_KEY = 'viewer-key-0123456789abcdef';
const run = randomBytes(4).toString('hex');
const prefix = `run-${run}`;
const topics = topicNames(prefix);
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-run-'));
const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const routingFile = join(home, 'routing.json');
const shared = {
  KAFKA_BROKERS: brokers,
  TOKENWATCH_TOPIC_PREFIX: prefix,
  TOKENWATCH_GROUP_PREFIX: prefix,
  // One partition keeps the token's history ahead of its burst, as the detector needs.
  TOKENWATCH_PARTITIONS: '1',
  TOKENWATCH_API_PORT: '0',
  TOKENWATCH_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
  CLICKHOUSE_DATABASE: `run_${run}`,
  LOG_LEVEL: 'warn',
};
const services: Partial<Record<'ingest' | 'notifier' | 'api', TokenwatchProcess>> = {};
let webhook: Receiver;

// 60 quiet requests over a day (the token's learned baseline), then 40 failures in 40 s.
const now = Date.now();
const record = (i: number, startedAt: number, status: number) => kongRecord({ requestId: `${run}-${i}`, startedAt, status, apikey: LEAKED_KEY });
const history = Array.from({ length: 60 }, (_, i) => JSON.stringify(record(i, now - 26 * 3_600_000 + i * 25 * 60_000, 200)));
const burst = Array.from({ length: 40 }, (_, i) => record(100 + i, now - 60_000 + i * 1_000, 401));

const start = (service: 'ingest' | 'notifier' | 'api', env: Record<string, string>) =>
  startTokenwatchUp({ ...shared, TOKENWATCH_HOME: join(home, service), ...env }, 90_000, ['run', service]).then((p) => (services[service] = p));
const get = (service: keyof typeof services, path: string, headers: Record<string, string> = {}) => fetch(`${services[service]!.url}${path}`, { headers });

beforeAll(async () => {
  webhook = await startReceiver({ respond: { status: 200 }, validate: (r) => checkSignedAlertWebhook(r, WEBHOOK_SECRET) });
  writeFileSync(routingFile, JSON.stringify({ version: 1, defaults: { groupWindow: '1s' }, routes: [{ name: 'all', to: ['webhook'] }] }));
  await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: 1 }]);
  // Sequential starts: three tsx processes starting at once crowd a 2-core machine.
  await start('ingest', { TOKENWATCH_INGEST_KEY: INGEST_KEY });
  await start('notifier', {
    TOKENWATCH_WEBHOOK_URL: `${webhook.url}/tokenwatch`,
    TOKENWATCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TOKENWATCH_ROUTING_FILE: routingFile,
  });
  await start('api', { TOKENWATCH_API_KEYS: `viewer:${VIEWER_KEY}` });
}, 300_000);

afterAll(async () => {
  for (const p of Object.values(services)) p.child.kill('SIGKILL');
  await webhook?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('tokenwatch run ingest | notifier | api', () => {
  it('answers /healthz, /readyz and /metrics on every service', async () => {
    for (const service of ['ingest', 'notifier', 'api'] as const) {
      const ready = await get(service, '/readyz');
      expect(ready.status, `${service} /readyz`).toBe(200);
      expect(await get(service, '/healthz').then((r) => r.json())).toMatchObject({ status: 'ok', service, clickhouse: 'embedded' });
      expect(await get(service, '/metrics').then((r) => r.text())).toContain('tokenwatch_process_cpu_seconds_total');
    }
  });

  it('carries gateway records from Kafka and HTTP ingest to a signed webhook alert', async () => {
    await produce(kafka, topics.rawAccess, history);
    await eventually(
      () => groupLag(kafka, `${prefix}-score`, topics.events).then(async (lag) => lag + (await groupLag(kafka, `${prefix}-normalize`, topics.rawAccess))),
      (lag) => lag === 0,
      {
        what: 'history normalized and scored',
        intervalMs: 500,
      },
    );
    const posted = await fetch(`${services.ingest!.url}/ingest/kong`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(burst),
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ accepted: 40, rejected: [] });

    const delivered = await eventually(
      async () => webhook.requests,
      (r) => r.length > 0,
      { what: 'a webhook delivery', intervalMs: 500 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\ningest:\n${services.ingest!.output().slice(-2000)}\nnotifier:\n${services.notifier!.output().slice(-2000)}`);
    });
    expect(webhook.problems).toEqual([]);
    const alert = Alert.parse(delivered[0]!.json);
    expect(alert.token.hint).toBe('5b4a');
    expect(alert.signals.map((s) => s.type)).toContain('auth_failures');
    for (const request of webhook.requests) expect(request.body).not.toContain(LEAKED_KEY);

    const ingestMetrics = await get('ingest', '/metrics').then((r) => r.text());
    expect(ingestMetrics).toMatch(/tokenwatch_alerts_emitted_total\{[^}]*signal="auth_failures"[^}]*\} [1-9]/);
    const notifierMetrics = await get('notifier', '/metrics').then((r) => r.text());
    expect(notifierMetrics).toMatch(/tokenwatch_notifier_notifications_total\{[^}]*transport="webhook"[^}]*\} [1-9]/);
  });

  it('serves the SOC API behind its keys', async () => {
    expect((await get('api', '/api/alerts')).status).toBe(401);
    const alerts = await get('api', '/api/alerts', { authorization: `Bearer ${VIEWER_KEY}` });
    expect(alerts.status).toBe(200);
    // The ingest process serves no SOC routes: its only key is the ingest key, which cannot read them.
    expect((await get('ingest', '/api/alerts', { authorization: `Bearer ${VIEWER_KEY}` })).status).toBe(401);
    expect((await get('ingest', '/api/alerts', { authorization: `Bearer ${INGEST_KEY}` })).status).toBe(403);
  });

  it('stops every service cleanly on SIGTERM', async () => {
    for (const service of ['api', 'ingest', 'notifier'] as const) {
      const p = services[service]!;
      p.child.kill('SIGTERM');
      expect(await p.exited, `${service} exit code\n${p.output().slice(-1500)}`).toBe(0);
      expect(p.output()).toContain('stopped');
      delete services[service];
    }
  });
});
