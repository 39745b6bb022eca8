import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Alert, AccessEvent, DlqHeaders, topicNames } from '@tokenwatch/contracts';
import { createClickHouse, countAccessEvents, listAlerts, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { kongAdapter } from '@tokenwatch/formats';
import { type IngestPipeline } from '@tokenwatch/ingest';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { eventually } from './support/eventually';
import { startTestPipeline } from './support/test-pipeline';
import { produce, readEvents, readTopic, testKafka } from './support/kafka-io';
import { kongRecord } from './support/kong-records';

/**
 * The vertical slice on the real broker and chDB: Kong records in gateway.access.v1 are normalized,
 * repartitioned by fingerprint, stored in ClickHouse, and a burst of 401s becomes an Alert v1.
 */
const LEAKED_KEY = 'sk_live_leaked_9f8e7d6c5b4a';
const run = randomBytes(4).toString('hex');
const topics = topicNames(`e2e-${run}`);
const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-e2e-'));
let ch: ClickHouse;
let pipeline: IngestPipeline;
const registry = createMetricsRegistry({ defaultMetrics: false });
const kafka = testKafka(inject('kafkaBrokers'));

// Recent event times: rows older than the retention TTL are dropped on insert.
const t0 = Date.now() - 3_600_000;
const failures = Array.from({ length: 6 }, (_, i) =>
  JSON.stringify(kongRecord({ requestId: `fail-${run}-${i}`, startedAt: t0 + i * 1000, status: 401, apikey: LEAKED_KEY })),
);
const ok = JSON.stringify(kongRecord({ requestId: `ok-${run}`, startedAt: t0, status: 200, apikey: 'sk_live_healthy_0000aaaa' }));
const batchOfTwo = JSON.stringify([
  kongRecord({ requestId: `arr-${run}-0`, startedAt: t0, status: 200, consumerId: 'c-1' }),
  kongRecord({ requestId: `arr-${run}-1`, startedAt: t0 + 1, status: 200, consumerId: 'c-1' }),
]);
const notJson = '{"started_at": 17643, "request": ';
const anonymous = JSON.stringify(kongRecord({ requestId: `anon-${run}`, startedAt: t0, status: 200 }));

beforeAll(async () => {
  ch = await createClickHouse({ dataPath: dataDir, database: `e2e_${run}` });
  await migrate(ch);
  pipeline = await startTestPipeline('tokenwatch-e2e', {
    clickhouse: ch,
    adapter: kongAdapter,
    scorer: createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 1000 }),
    registry,
    topics,
    partitions: 3,
    groupPrefix: `e2e-${run}`,
  });
  await produce(kafka, topics.rawAccess, [...failures, ok, batchOfTwo, notJson, anonymous]);
});

afterAll(async () => {
  await pipeline?.stop();
  await ch?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Kong record -> events -> ClickHouse -> alert', () => {
  it('stores every good record once, in ClickHouse', async () => {
    const stored = await eventually(
      () => countAccessEvents(ch, { final: true }),
      (n) => n >= 9,
      { what: '9 stored events' },
    );
    expect(stored).toBe(9);
  });

  it('repartitions events by token fingerprint, without the raw key', async () => {
    const events = await readEvents(kafka, topics.events, 9);
    for (const message of events) {
      const event = AccessEvent.parse(JSON.parse(message.value));
      expect(message.key).toBe(event.token.fp);
      expect(message.value).not.toContain(LEAKED_KEY);
    }
    const leaked = events.map((m) => AccessEvent.parse(JSON.parse(m.value))).filter((e) => e.status === 401);
    expect(new Set(leaked.map((e) => e.token.fp)).size).toBe(1);
    expect(leaked[0]!.token).toMatchObject({ kind: 'api_key', hint: '5b4a' });
  });

  it('raises one Alert v1 for the burst of 401s, on the topic and in ClickHouse', async () => {
    const [message] = await readTopic(kafka, topics.alerts, 1);
    const alert = Alert.parse(JSON.parse(message!.value));
    expect(alert.signals[0]).toMatchObject({ type: 'auth_failures', observed: 5, expected: 5 });
    expect(alert.token.hint).toBe('5b4a');
    expect(message!.value).not.toContain(LEAKED_KEY);
    const stored = await eventually(
      () => listAlerts(ch, { limit: 10 }),
      (rows) => rows.length >= 1,
      { what: 'stored alert' },
    );
    expect(stored.map((a) => a.id)).toEqual([alert.id]);
  });

  it('dead-letters bad records with their original bytes and a reason', async () => {
    const letters = await readTopic(kafka, topics.rawAccessDlq, 2);
    const byValue = new Map(letters.map((l) => [l.value, l.headers]));
    expect(byValue.get(notJson)?.[DlqHeaders.reason]).toMatch(/^invalid JSON/);
    expect(byValue.get(anonymous)?.[DlqHeaders.reason]).toBe('no credential');
    expect(byValue.get(anonymous)?.[DlqHeaders.sourceTopic]).toBe(topics.rawAccess);
  });

  it('counts rejections by reason and reports consumer lag, without token labels', async () => {
    const text = await registry.metrics();
    // one rejected record; a batch redelivered after a rebalance (at-least-once) counts it again
    const rejected = /tokenwatch_ingest_rejections_total\{stage="normalize",reason="no credential",format="kong"\} (\d+)/.exec(text);
    expect(Number(rejected?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/tokenwatch_kafka_consumer_lag\{group="e2e-[0-9a-f]+-score",topic="[^"]+",partition="\d"\} 0/);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('never writes the raw key to ClickHouse', async () => {
    const result = await ch.client.query({ query: `SELECT * FROM ${ch.database}.access_events`, format: 'JSONEachRow' });
    const text = await result.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(LEAKED_KEY);
  });
});
