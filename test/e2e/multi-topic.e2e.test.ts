import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AccessEvent, DlqHeaders, topicNames } from '@tokenwatch/contracts';
import { MAX_ACCESS_EVENTS_TTL_DAYS, countAccessEvents, createClickHouse, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { createIngestInputs, loadIngestConfig, type IngestPipeline } from '@tokenwatch/ingest';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { eventually } from './support/eventually';
import { startTestPipeline } from './support/test-pipeline';
import { produce, readEvents, readTopic, testKafka } from './support/kafka-io';

/**
 * TOKENWATCH_INGEST_TOPICS on the real broker and chDB: three raw topics, each with its own format,
 * fed the upstream samples; one normalize consumer, one events topic, one dead-letter topic.
 */
const run = randomBytes(4).toString('hex');
const prefix = `mt-${run}`;
const topics = topicNames(prefix);
const input = { kong: `${prefix}.gw.kong`, envoy: `${prefix}.gw.envoy`, aws: `${prefix}.logs.aws` };
const SAMPLES = fileURLToPath(new URL('../fixtures/gateway-samples/', import.meta.url));
const lines = (file: string) =>
  readFileSync(SAMPLES + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const kongLines = lines('kong.jsonl');
const envoyLines = lines('envoy.jsonl');
const awsLines = lines('aws_apigateway.jsonl');
/** The third Envoy sample has no start_time: the adapter rejects it (a real record, not a crafted one). */
const envoyWithoutTime = envoyLines[2]!;
const truncated = '{"requestId":"cut-off","ip":"1.128.0.0","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GE';
const EXPECTED = { kong: 3, envoy: 2, 'aws-apigw': 6 };
const TOTAL = 11;

const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-multi-topic-'));
const kafka = testKafka(inject('kafkaBrokers'));
const registry = createMetricsRegistry({ defaultMetrics: false });
let ch: ClickHouse;
let pipeline: IngestPipeline;

beforeAll(async () => {
  ch = await createClickHouse({ dataPath: dataDir, database: `mt_${run}` });
  // The samples are from 2015-2025: the longest retention keeps them past the TTL.
  await migrate(ch, { accessEventsTtlDays: MAX_ACCESS_EVENTS_TTL_DAYS });
  const config = loadIngestConfig({
    TOKENWATCH_INGEST_TOPICS: `${input.kong}=kong, ${input.envoy}=envoy, ${input.aws}=aws-apigw`,
    // Most upstream samples carry no credential: count them under the anonymous token.
    TOKENWATCH_ANONYMOUS: 'true',
  });
  pipeline = await startTestPipeline('multi-topic-e2e', { clickhouse: ch, inputs: createIngestInputs(config, topics), registry, topics, groupPrefix: prefix });
  // The bad records go first: the good ones behind them on the same topics must still flow.
  await produce(kafka, input.aws, [truncated, ...awsLines]);
  await produce(kafka, input.envoy, envoyLines);
  await produce(kafka, input.kong, kongLines);
});

afterAll(async () => {
  await pipeline?.stop();
  await ch?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('several raw topics, a format each', () => {
  it('puts every good record of every topic on tokenwatch.events.v1 with its gateway', async () => {
    const events = (await readEvents(kafka, topics.events, TOTAL)).map((m) => AccessEvent.parse(JSON.parse(m.value)));
    expect(countBy(events.map((e) => e.gateway))).toEqual(EXPECTED);
    expect(events.find((e) => e.id === 'kong-2f6946328ffc4946b8c9120704a4a155')).toMatchObject({ gateway: 'kong', userAgent: 'HTTPie/3.2.3' });
    expect(events.filter((e) => e.gateway === 'aws-apigw').map((e) => e.route)).toContain('/pets/{petId}');
  });

  it('stores them in ClickHouse with the right gateway', async () => {
    await eventually(
      () => countAccessEvents(ch, { final: true }),
      (n) => n >= TOTAL,
      { what: `${TOTAL} stored events` },
    );
    const result = await ch.client.query({
      query: `SELECT gateway, count() AS n FROM ${ch.database}.access_events FINAL GROUP BY gateway`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ gateway: string; n: string | number }>();
    expect(Object.fromEntries(rows.map((r) => [r.gateway, Number(r.n)]))).toEqual(EXPECTED);
  });

  it('dead-letters the bad record of each topic to the one raw DLQ, naming the source topic', async () => {
    // at least once: a redelivered batch may dead-letter the same record again, so read two distinct sources
    const letters = await readTopic(kafka, topics.rawAccessDlq, 2, { distinctBy: (m) => String(m.headers[DlqHeaders.sourceTopic]) });
    const bySource = new Map(letters.map((l) => [l.headers[DlqHeaders.sourceTopic], l]));
    expect([...bySource.keys()].sort()).toEqual([input.envoy, input.aws].sort());
    expect(bySource.get(input.aws)).toMatchObject({ value: truncated, headers: { [DlqHeaders.reason]: expect.stringMatching(/^invalid JSON/) } });
    expect(bySource.get(input.envoy)).toMatchObject({ value: envoyWithoutTime, headers: { [DlqHeaders.reason]: 'invalid timestamp: missing start_time' } });
  });

  it('counts rejections by reason and format, and reads every topic', async () => {
    // a redelivered batch counts its rejection again (at least once); the lag gauges settle at 0
    const lagZero = (text: string) =>
      Object.values(input).every((topic) =>
        new RegExp(`tokenwatch_kafka_consumer_lag\\{group="${prefix}-normalize",topic="${topic.replace(/\./g, '\\.')}",partition="\\d"\\} 0`).test(text),
      );
    const text = await eventually(() => registry.metrics(), lagZero, { timeoutMs: 30_000, intervalMs: 500, what: 'consumer lag 0 on every raw topic' });
    expect(text).toMatch(/tokenwatch_ingest_rejections_total\{stage="normalize",reason="invalid JSON",format="aws-apigw"\} [1-9]/);
    expect(text).toMatch(/tokenwatch_ingest_rejections_total\{stage="normalize",reason="invalid timestamp",format="envoy"\} [1-9]/);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
