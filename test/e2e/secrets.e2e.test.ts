import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DlqHeaders, topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, createClickHouse, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { fingerprintCredential } from '@tokenwatch/formats';
import { createIngestInputs, loadIngestConfig, startIngestPipeline, type IngestPipeline } from '@tokenwatch/ingest';
import { createKafka } from '@tokenwatch/kafka';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { eventually } from './support/eventually';
import { testKafka } from './support/kafka-io';
import { PLANTED_CUSTOM_MAPPING, plantedSet, type PlantedFormat, type PlantedSet } from './support/planted-records';
import { messageContains, readWholeTopic, type RawMessage } from './support/topic-dump';

/**
 * Raw secrets planted in every place each format can carry one go through the real pipeline
 * (normalize and score on the broker, chDB). Afterwards every message of the events and alerts
 * topics (raw bytes) and every row of every ClickHouse table (as text) is read back: no planted
 * secret, nor its base64 form, may appear anywhere; every credential's fingerprint must.
 */
const FORMATS: PlantedFormat[] = ['kong', 'envoy', 'aws-apigw', 'nginx', 'traefik', 'apisix', 'caddy', 'haproxy', 'custom'];
const run = randomBytes(4).toString('hex');
const prefix = `sec-${run}`;
const topics = topicNames(prefix);
const rawTopic = (format: PlantedFormat) => `${prefix}.raw.${format}`;
const FINGERPRINT_KEY = randomBytes(32).toString('hex');
const sets = new Map<PlantedFormat, PlantedSet>(FORMATS.map((f) => [f, plantedSet(f, run, Date.now() - 600_000)]));
const allSecrets = [...new Set([...sets.values()].flatMap((s) => [...s.planted, ...s.derived]))];
const fingerprints = new Map(
  FORMATS.map((f) => [f, [...new Set(sets.get(f)!.credentials.map((c) => fingerprintCredential(FINGERPRINT_KEY, c.kind, c.material)))]]),
);
const allFingerprints = [...fingerprints.values()].flat();
const totalEvents = [...sets.values()].reduce((n, s) => n + s.events, 0);

const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-secrets-'));
const kafka = testKafka(inject('kafkaBrokers'));
let ch: ClickHouse;
let pipeline: IngestPipeline;

beforeAll(async () => {
  ch = await createClickHouse({ dataPath: dataDir, database: `sec_${run}` });
  await migrate(ch);
  const mappingFile = join(dataDir, 'custom-mapping.json');
  writeFileSync(mappingFile, JSON.stringify(PLANTED_CUSTOM_MAPPING));
  const config = loadIngestConfig({ TOKENWATCH_INGEST_TOPICS: FORMATS.map((f) => `${rawTopic(f)}=${f}`).join(','), TOKENWATCH_INGEST_MAPPING: mappingFile });
  pipeline = await startIngestPipeline({
    kafka: createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'secrets-e2e' }),
    clickhouse: ch,
    inputs: createIngestInputs(config, topics),
    fingerprintKey: FINGERPRINT_KEY,
    // Every 401 alerts at once: each planted credential's token reaches the alerts topic and table too.
    scorer: createAuthFailureBurstScorer({ threshold: 1, windowMs: 60_000, maxTrackedTokens: 10_000 }),
    registry: createMetricsRegistry({ defaultMetrics: false }),
    log: createLogger({ name: 'secrets-e2e', level: 'warn' }),
    topics,
    partitions: 2,
    groupPrefix: prefix,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const format of FORMATS) {
    await producer.send({ topic: rawTopic(format), acks: -1, messages: sets.get(format)!.messages.map((value) => ({ value })) });
  }
  await producer.disconnect();
});

afterAll(async () => {
  await pipeline?.stop();
  await ch?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('planted secrets, every format, through Kafka and ClickHouse', () => {
  it('planted the secrets in the raw input', () => {
    for (const [format, set] of sets) {
      const input = set.messages.map((m) => (typeof m === 'string' ? m : gunzipSync(m).toString('utf8'))).join('\n');
      for (const secret of set.planted) expect(input, `${format} input`).toContain(secret);
    }
  });

  it('every record became an event, stored, and every token alerted', async () => {
    await eventually(
      () => countAccessEvents(ch, { final: true }),
      (n) => n >= totalEvents,
      { what: `${totalEvents} stored events` },
    );
    expect(await countAccessEvents(ch, { final: true })).toBe(totalEvents);
    const alerted = await eventually(
      () => distinctAlertTokens(),
      (fps) => fps.length >= allFingerprints.length,
      { what: 'an alert per token' },
    );
    expect(alerted.sort()).toEqual([...allFingerprints].sort());
  });

  it('no secret on tokenwatch.events.v1 or tokenwatch.alerts.v1 (raw bytes: keys, values, headers)', async () => {
    const events = await readWholeTopic(kafka, topics.events);
    const alerts = await eventually(
      () => readWholeTopic(kafka, topics.alerts),
      (m) => m.length >= allFingerprints.length,
      { what: 'alerts on the topic' },
    );
    // at least once: a redelivered batch writes its events again, with the same ids
    expect(new Set(events.map((m) => (JSON.parse(m.value?.toString('utf8') ?? '{}') as { id?: string }).id)).size).toBe(totalEvents);
    expectNoSecret(events, 'events topic');
    expectNoSecret(alerts, 'alerts topic');
    for (const format of FORMATS) {
      for (const fp of fingerprints.get(format)!) {
        expect(
          events.some((m) => messageContains(m, fp)),
          `${format} fingerprint on the events topic`,
        ).toBe(true);
        expect(
          alerts.some((m) => messageContains(m, fp)),
          `${format} fingerprint on the alerts topic`,
        ).toBe(true);
      }
    }
  });

  it('no secret in any ClickHouse table, as text', async () => {
    const tables = await tableNames();
    expect(tables).toEqual(expect.arrayContaining(['access_events', 'alerts']));
    const dumps = new Map<string, string>();
    for (const table of tables) dumps.set(table, await tableText(table));
    expect(dumps.get('access_events')!.length).toBeGreaterThan(0);
    expect(dumps.get('alerts')!.length).toBeGreaterThan(0);
    for (const [table, text] of dumps) {
      for (const secret of allSecrets) expect(text.includes(secret), `${table} holds ${secret}`).toBe(false);
    }
    for (const fp of allFingerprints) {
      expect(dumps.get('access_events')!, 'fingerprint in access_events').toContain(fp);
      expect(dumps.get('alerts')!, 'fingerprint in alerts').toContain(fp);
    }
  });

  it('no secret in a dead-letter reason', async () => {
    const letters = await readWholeTopic(kafka, topics.rawAccessDlq);
    // The DLQ keeps the original bytes by design; its reasons are ours and must stay clean.
    for (const letter of letters) {
      for (const secret of allSecrets)
        expect(
          letter.headers.some((h) => h.includes(secret)),
          `reason holds ${secret}; ${DlqHeaders.reason}`,
        ).toBe(false);
    }
  });
});

function expectNoSecret(messages: RawMessage[], where: string): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const secret of allSecrets)
    expect(
      messages.some((m) => messageContains(m, secret)),
      `${where} holds ${secret}`,
    ).toBe(false);
}

async function distinctAlertTokens(): Promise<string[]> {
  const result = await ch.client.query({ query: `SELECT DISTINCT token_fp FROM ${ch.database}.alerts`, format: 'JSONEachRow' });
  return (await result.json<{ token_fp: string }>()).map((r) => r.token_fp);
}

async function tableNames(): Promise<string[]> {
  const result = await ch.client.query({
    query: 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
    query_params: { db: ch.database },
    format: 'JSONEachRow',
  });
  return (await result.json<{ name: string }>()).map((r) => r.name);
}

/** Every row of a table as unescaped text (JSON output would write a `/` of base64 as `\/`). */
async function tableText(table: string): Promise<string> {
  const result = await ch.client.query({ query: `SELECT * FROM ${ch.database}.\`${table}\``, format: 'TabSeparatedRaw' });
  return result.text();
}
