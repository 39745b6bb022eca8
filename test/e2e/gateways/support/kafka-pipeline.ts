import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessEvent, DlqHeaders, topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, createClickHouse, migrate } from '@tokenwatch/clickhouse';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { adapterFor } from '@tokenwatch/formats';
import { startIngestPipeline } from '@tokenwatch/ingest';
import { createKafka } from '@tokenwatch/kafka';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { eventually } from '../../support/eventually';
import { readEvents, readTopic, testKafka } from '../../support/kafka-io';
import { runCli, type CliResult } from '../../support/run-cli';
import { readWholeTopic, type RawMessage } from '../../support/topic-dump';
import { FINGERPRINT_KEY, type GatewayFormat } from './gateway-log.checks';

export interface PipelineOutcome {
  /** `tokenwatch produce` shipping the access log file. */
  produce: CliResult;
  events: AccessEvent[];
  /** Partition keys of the events, in the order of `events`. */
  keys: Array<string | null>;
  /** Every message of the events topic as stored (to look for raw secrets in the bytes). */
  eventMessages: RawMessage[];
  dlqReasons: string[];
  stored: number;
}

/**
 * A gateway's access log through the real pipeline, as the recipes' READMEs say: `tokenwatch produce
 * FILE` to the raw topic, normalize (the gateway's adapter, default options) and score on the broker,
 * events stored in an embedded ClickHouse. Every topic is new to this call.
 */
export async function throughKafka(
  format: GatewayFormat,
  logFile: string,
  brokers: string,
  counts: { events: number; rejected: number },
): Promise<PipelineOutcome> {
  const run = randomBytes(4).toString('hex');
  const prefix = `gw-${format}-${run}`;
  const topics = topicNames(prefix);
  const dataDir = mkdtempSync(join(tmpdir(), `tokenwatch-${format}-pipeline-`));
  const ch = await createClickHouse({ dataPath: dataDir, database: `gw_${run}` });
  try {
    await migrate(ch);
    const pipeline = await startIngestPipeline({
      kafka: createKafka({ brokers: brokers.split(','), clientId: `${format}-gateway-e2e` }),
      clickhouse: ch,
      adapter: adapterFor(format),
      fingerprintKey: FINGERPRINT_KEY,
      scorer: createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 1000 }),
      registry: createMetricsRegistry({ defaultMetrics: false }),
      log: createLogger({ name: `${format}-gateway-e2e`, level: 'warn' }),
      topics,
      partitions: 2,
      groupPrefix: prefix,
    });
    try {
      const produce = await runCli(['produce', '--topic', topics.rawAccess, logFile], { KAFKA_BROKERS: brokers });
      const kafka = testKafka(brokers);
      const read = await readEvents(kafka, topics.events, counts.events);
      const dlq = await readTopic(kafka, topics.rawAccessDlq, counts.rejected);
      const stored = await eventually(
        () => countAccessEvents(ch, { final: true }),
        (n) => n >= counts.events,
        { what: `${counts.events} stored events` },
      );
      return {
        produce,
        events: read.map((m) => AccessEvent.parse(JSON.parse(m.value))),
        keys: read.map((m) => m.key),
        eventMessages: await readWholeTopic(kafka, topics.events),
        dlqReasons: dlq.map((m) => m.headers[DlqHeaders.reason] ?? ''),
        stored,
      };
    } finally {
      await pipeline.stop();
    }
  } finally {
    await ch.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
