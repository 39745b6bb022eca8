import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AccessEvent, DlqHeaders, topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, createClickHouse, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { adapterFor } from '@tokenwatch/formats';
import { type IngestPipeline } from '@tokenwatch/ingest';
import { createApiApp, listen, parseApiKeys, type RunningServer } from '@tokenwatch/api';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createDetector } from '@tokenwatch/detector';
import { eventually } from './support/eventually';
import { readWholeTopic } from './support/topic-dump';
import { startTestPipeline } from './support/test-pipeline';
import { readEvents, readTopic, testKafka } from './support/kafka-io';
import { kongRecord } from './support/kong-records';

/** A Kong http-log plugin posting a batch straight to `POST /ingest/:format`, on the real broker and chDB, with either events hop. */
for (const hop of ['kafka', 'memory'] as const) {
  describe(`POST /ingest/:format, events hop ${hop}`, () => {
    const run = randomBytes(4).toString('hex');
    const topics = topicNames(`http-${hop}-${run}`);
    const INGEST_KEY = randomBytes(16).toString('hex');
    const SECRET = 'sk_live_http_planted_7c7c7c7c';
    const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-http-'));
    const kafka = testKafka(inject('kafkaBrokers'));
    let ch: ClickHouse;
    let pipeline: IngestPipeline;
    let server: RunningServer;

    beforeAll(async () => {
      ch = await createClickHouse({ dataPath: dataDir, database: `http_${hop}_${run}` });
      await migrate(ch);
      const registry = createMetricsRegistry({ defaultMetrics: false });
      pipeline = await startTestPipeline('http-e2e', {
        clickhouse: ch,
        adapter: adapterFor('kong'),
        registry,
        topics,
        groupPrefix: `http-${hop}-${run}`,
        eventsHop: hop,
        // Scoring in memory keeps the detector's state in the changelog: it needs the full detector.
        ...(hop === 'memory' ? { scorer: createDetector() } : {}),
      });
      const app = createApiApp({
        registry,
        readiness: [],
        dashboardDir: false,
        apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: `ingest:${INGEST_KEY}` }),
        ingestRouters: [pipeline.httpIngestRouter({})],
      });
      server = await listen(app, '127.0.0.1', 0);
    });

    afterAll(async () => {
      await server?.close();
      await pipeline?.stop();
      await ch?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const post = (body: string, key = INGEST_KEY, format = 'kong') =>
      fetch(`${server.url}/ingest/${format}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });

    const t0 = Date.now() - 60_000;
    const batch = [
      kongRecord({ requestId: `h-${run}-0`, startedAt: t0, status: 200, apikey: SECRET }),
      kongRecord({ requestId: `h-${run}-1`, startedAt: t0 + 1, status: 200, apikey: SECRET }),
      kongRecord({ requestId: `h-${run}-2`, startedAt: t0 + 2, status: 200 }),
    ];

    it('refuses a missing or wrong key and an unknown format', async () => {
      expect((await post('{}', 'not-the-key')).status).toBe(401);
      expect((await fetch(`${server.url}/ingest/kong`, { method: 'POST', body: '{}' })).status).toBe(401);
      expect((await post('{}', INGEST_KEY, 'nope')).status).toBe(404);
    });

    it('slows down key guessing like /api: failed attempts per client are rate-limited, the right key still passes', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await post('{}', `guess-${i}-0123456789abcdef`)).status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(30);
      const limited = await post('{}', 'one-more-guess-0123456789');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post('[]')).status).toBe(200);
    });

    it('accepts a Kong-style JSON array batch and reports the rejected record', async () => {
      const res = await post(JSON.stringify(batch));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 2, rejected: [{ message: 0, reason: 'record 2: no credential' }] });
    });

    it('accepts NDJSON, one record per line', async () => {
      const lines = [
        kongRecord({ requestId: `h-${run}-3`, startedAt: t0 + 3, status: 401, consumerId: 'c-9' }),
        kongRecord({ requestId: `h-${run}-4`, startedAt: t0 + 4, status: 200, consumerId: 'c-9' }),
      ];
      const res = await post(`${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
      expect(await res.json()).toMatchObject({ accepted: 2, rejected: [{ message: 2, reason: expect.stringMatching(/^invalid JSON/) }] });
    });

    it('stores the events in ClickHouse without the secret (through the events topic: keyed by fingerprint)', async () => {
      expect(
        await eventually(
          () => countAccessEvents(ch, { final: true }),
          (n) => n >= 4,
          { what: '4 stored events' },
        ),
      ).toBe(4);
      if (hop === 'kafka') {
        const events = await readEvents(kafka, topics.events, 4);
        for (const message of events) {
          expect(message.value).not.toContain(SECRET);
          expect(message.key).toBe(AccessEvent.parse(JSON.parse(message.value)).token.fp);
        }
      } else {
        // Scored where they were normalized: nothing on the events topic, the stored rows without the secret.
        expect(await readWholeTopic(kafka, topics.events)).toEqual([]);
        const rows = await (await ch.client.query({ query: `SELECT * FROM ${ch.database}.access_events`, format: 'JSONEachRow' })).text();
        expect(rows).not.toContain(SECRET);
        expect(rows).toContain(`h-${run}-0`);
      }
      const letters = await readTopic(kafka, topics.rawAccessDlq, 2);
      expect(letters.map((l) => l.headers[DlqHeaders.reason]).sort()).toEqual([expect.stringMatching(/^invalid JSON/), 'record 2: no credential']);
    });
  });
}
