/**
 * `pnpm bench:pipeline`: the product's own pipeline end to end through the real broker and chDB,
 * beside two consumers that do nothing, on the same topic in the same run.
 *   pnpm bench:pipeline [--tokens 500] [--days 2] [--seed bench] [--partitions N] [--kcat PATH] [--cpu-profile FILE]
 * 1. simulator traffic (Kong records of `--tokens` tokens over `--days` days) into a fresh raw topic;
 * 2. kcat (librdkafka, native) and a kafkajs consumer read it all and do nothing;
 * 3. `tokenwatch up`'s ingest pipeline as its settings build it (the default detector, geo, route
 *    cap, baselines kept in chDB; TOKENWATCH_* from the environment apply) drains it;
 * 4. produce-to-alert: auth-failure bursts of learned tokens, one at a time, while it runs;
 * 5. bad input: a backlog of more simulator traffic with a malformed record after every 9 valid ones
 *    (10 %), drained by the restarted pipeline; every valid record must be stored, every bad one dead-lettered.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kafka } from 'kafkajs';
import { topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, createClickHouse, migrate } from '@tokenwatch/clickhouse';
import { createDetector, parseDetectorConfig, type Detector } from '@tokenwatch/detector';
import { createIngestInputs, loadIngestConfig, startConfiguredIngestPipeline } from '@tokenwatch/ingest';
import { createKafka, ensureTopics, startLocalBroker } from '@tokenwatch/kafka';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { normalizeMessages } from '@tokenwatch/pipeline';
import { testKafka } from '../e2e/support/kafka-io';
import { startCpuProfile } from './cpu-profile';
import { drainWithKcat } from './native-noop';
import { withMalformed } from './malformed-records';
import { waitForDrain } from './pipeline-drain';
import { drainWithoutWork, measureAlertLatency } from './pipeline-probes';
import { produceRecords } from './produce-records';
import { printReport } from './bench-report';
import { simulatedKongTraffic } from './simulated-traffic';
import { recordsHandled, stageStats } from './stage-stats';
import { threadCpu, threadCpuDelta } from './thread-cpu';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '500' },
    days: { type: 'string', default: '2' },
    seed: { type: 'string', default: 'bench' },
    partitions: { type: 'string' },
    'events-hop': { type: 'string' },
    kcat: { type: 'string', default: 'kcat' },
    'cpu-profile': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS ?? (await startLocalBroker({ home: join(process.cwd(), '.tokenwatch') })).brokers;
  const run = randomBytes(4).toString('hex');
  const config = loadIngestConfig({
    ...process.env,
    KAFKA_BROKERS: brokers,
    TOKENWATCH_TOPIC_PREFIX: `bench-${run}`,
    TOKENWATCH_GROUP_PREFIX: `bench-${run}`,
    TOKENWATCH_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    ...(values.partitions ? { TOKENWATCH_PARTITIONS: values.partitions } : {}),
    ...(values['events-hop'] ? { TOKENWATCH_EVENTS_HOP: values['events-hop'] } : {}),
  });
  const kafka = testKafka(brokers);
  const topics = topicNames(config.TOKENWATCH_TOPIC_PREFIX);
  const inputs = createIngestInputs(config, topics);
  await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: config.TOKENWATCH_PARTITIONS }]);

  const traffic = simulatedKongTraffic({ tokens: Number(values.tokens), days: Number(values.days), seed: values.seed, end: Date.now() - 60_000 });
  const produced = await produceRecords(kafka, topics.rawAccess, traffic.records());
  const kcat = await drainWithKcat(brokers, topics.rawAccess, produced.count, values.kcat);
  const kafkajs = await drainWithoutWork(kafka, topics.rawAccess, produced.count);

  const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-bench-'));
  const ch = await createClickHouse({ dataPath: dataDir, database: `bench_${run}` });
  await migrate(ch, { accessEventsTtlDays: config.TOKENWATCH_RETENTION_DAYS });
  const registry = createMetricsRegistry({ defaultMetrics: false });
  const groups = { normalize: `${config.TOKENWATCH_GROUP_PREFIX}-normalize`, score: `${config.TOKENWATCH_GROUP_PREFIX}-score` };
  const drainTopics = { raw: topics.rawAccess, events: topics.events };
  const startPipeline = (detector: Detector, metrics = createMetricsRegistry({ defaultMetrics: false })) =>
    startConfiguredIngestPipeline({
      config,
      inputs,
      topics,
      kafka: createKafka({ brokers: brokers.split(','), clientId: 'bench' }),
      clickhouse: ch,
      registry: metrics,
      log: createLogger({ name: 'bench', level: 'error' }),
      fingerprintKey: config.TOKENWATCH_FINGERPRINT_KEY!,
      scorer: detector,
      // As `tokenwatch up` runs it.
      analyticsWriter: 'inline',
      defaultEventsHop: 'memory',
    });

  // What `tokenwatch up` builds without TOKENWATCH_DETECTOR_CONFIG (createConfiguredDetector(undefined)).
  const detector = createDetector(parseDetectorConfig({}));
  const profile = values['cpu-profile'] ? await startCpuProfile() : undefined;
  const rssBefore = process.memoryUsage().rss;
  const start = { at: performance.now(), cpu: process.cpuUsage(), threads: threadCpu() };
  // Start-up (geo data, group joins) is in the whole run's CPU; `steady` is from the first batch handled on.
  const pipeline = await startPipeline(detector, registry);
  const drained = await waitForDrain(kafka, groups, drainTopics, produced.count, () => recordsHandled(registry));
  const [endCpu, endThreads] = [process.cpuUsage(), threadCpu()];
  const end = { at: drained.end, cpu: cpuSince(start.cpu, endCpu), threads: threadCpuDelta(start.threads, endThreads) };
  if (profile && values['cpu-profile']) await profile.stop(values['cpu-profile']);
  const rssAfter = process.memoryUsage().rss;
  const tokens = detector.trackedTokens();
  const stateBytes = detector.stateBytes();
  const stages = await stageStats(registry);

  const probe = {
    burst(index: number) {
      const records = traffic.authFailureBurst(index, Date.now(), PROBE.size, `${run}b${index}`);
      const [event] = normalizeMessages(
        [{ topic: '', partition: 0, offset: '0', key: null, value: Buffer.from(records[0]!), headers: {}, timestamp: 0 }],
        inputs[0]!.adapter,
        { fingerprintKey: config.TOKENWATCH_FINGERPRINT_KEY! },
      ).events;
      return { records, fp: event!.token.fp };
    },
  };
  const latency = await measureAlertLatency(kafka, topics, probe, PROBE.bursts);
  await pipeline.stop();

  // Bad input: a backlog of other tokens (a quarter of the period) with 10 % malformed records, read
  // by a restarted pipeline (baselines restored from chDB), from the restart on.
  const mix = { valid: 0, malformed: 0 };
  const burstTraffic = simulatedKongTraffic({
    tokens: Number(values.tokens),
    days: Number(values.days) / 4,
    seed: `${values.seed}-bad-input`,
    end: Date.now() - 60_000,
  });
  const backlog = await produceRecords(kafka, topics.rawAccess, withMalformed(burstTraffic.records(), 9, mix));
  const restartCpu = process.cpuUsage();
  const restartedAt = performance.now();
  const restarted = await startPipeline(createDetector(parseDetectorConfig({})));
  const backlogDrained = await waitForDrain(kafka, groups, drainTopics, backlog.count);
  // From the restart: with 16 MiB fetches the first batch can hold nearly the whole backlog.
  const badInput = {
    records: backlog.count,
    malformed: mix.malformed,
    seconds: (backlogDrained.end - restartedAt) / 1000,
    cpuSeconds: cpuSeconds(process.cpuUsage(restartCpu)),
    cpuRecords: backlog.count,
    validProduced: produced.count + PROBE.bursts * PROBE.size + mix.valid,
    stored: await countAccessEvents(ch, { final: true }),
    deadLetters: await topicSize(kafka, topics.rawAccessDlq),
  };
  await restarted.stop();
  await ch.close();
  rmSync(dataDir, { recursive: true, force: true });

  printReport({
    records: produced.count,
    recordBytes: produced.bytes / produced.count,
    tokens: Number(values.tokens),
    partitions: config.TOKENWATCH_PARTITIONS,
    eventsHop: pipeline.eventsHop,
    produceSeconds: produced.seconds,
    kcat,
    kafkajs,
    pipelineSeconds: (end.at - start.at) / 1000,
    // A small run can be normalized in its first batch: then there is no steady state to report.
    steady:
      drained.firstBatch && drained.firstBatch.normalized < produced.count
        ? {
            seconds: (end.at - drained.firstBatch.at) / 1000,
            events: produced.count - drained.firstBatch.normalized,
            cpu: cpuSince(drained.firstBatch.cpu, endCpu),
            threads: threadCpuDelta(drained.firstBatch.threads, endThreads),
          }
        : undefined,
    cpu: end.cpu,
    threads: end.threads,
    stages,
    latency,
    badInput,
    memory: { rssBefore, rssPeak: drained.rssPeak, rssAfter, tokens, stateBytes },
  });
}

/** Auth-failure bursts for produce-to-alert: 40 learned tokens, 60 401s each. */
const PROBE = { bursts: 40, size: 60 };
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
const cpuSince = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): NodeJS.CpuUsage => ({ user: to.user - from.user, system: to.system - from.system });

async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
