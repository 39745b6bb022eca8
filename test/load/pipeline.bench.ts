/**
 * End-to-end throughput and latency through the real broker and chDB, printed as a table.
 *   pnpm bench:pipeline [--events 200000]
 * 1. a consumer that does no work reads N raw records (the ceiling for this broker and client);
 * 2. the full pipeline (normalize -> events topic -> score -> ClickHouse + alerts) over the same N records;
 * 3. produce-to-alert latency: bursts of 401s produced one at a time while the pipeline runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { createClickHouse, migrate } from '@tokenwatch/clickhouse';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector';
import { kongAdapter } from '@tokenwatch/formats';
import { startIngestPipeline } from '@tokenwatch/ingest';
import { createKafka, ensureTopics, startLocalBroker } from '@tokenwatch/kafka';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { kongRecord } from '../e2e/support/kong-records';
import { groupLag, produce, testKafka } from '../e2e/support/kafka-io';
import { startCpuProfile } from './cpu-profile';
import { stageStats } from './stage-stats';
import { threadCpu, threadCpuDelta } from './thread-cpu';
import { drainWithoutWork, measureAlertLatency } from './pipeline-probes';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, partitions: { type: 'string', default: '3' }, 'cpu-profile': { type: 'string' } } });
const total = Number(values.events);
const partitions = Number(values.partitions);

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS ?? (await startLocalBroker({ home: join(process.cwd(), '.tokenwatch') })).brokers;
  const kafka = testKafka(brokers);
  const run = randomBytes(4).toString('hex');
  const topics = topicNames(`bench-${run}`);
  await ensureTopics(kafka, [topics.rawAccess, topics.events, topics.alerts].map((topic) => ({ topic, partitions })));

  const now = Date.now() - 3_600_000;
  const records = Array.from({ length: total }, (_, i) =>
    JSON.stringify(kongRecord({ requestId: `b-${run}-${i}`, startedAt: now + i, status: 200, apikey: `sk_live_bench_${(i % 10_000).toString().padStart(8, '0')}` })),
  );
  const t0 = performance.now();
  await produce(kafka, topics.rawAccess, records);
  const produceSeconds = (performance.now() - t0) / 1000;

  const noopCpuStart = process.cpuUsage();
  const noop = await drainWithoutWork(kafka, topics.rawAccess, total);
  const noopCpu = process.cpuUsage(noopCpuStart);

  const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-bench-'));
  const ch = await createClickHouse({ dataPath: dataDir, database: `bench_${run}` });
  await migrate(ch);
  const registry = createMetricsRegistry({ defaultMetrics: false });
  const profile = values['cpu-profile'] ? await startCpuProfile() : undefined;
  const pipelineStart = performance.now();
  const cpuStart = process.cpuUsage();
  const threadsStart = threadCpu();
  const pipeline = await startIngestPipeline({
    kafka: createKafka({ brokers: brokers.split(','), clientId: 'bench' }),
    clickhouse: ch,
    adapter: kongAdapter,
    fingerprintKey: randomBytes(32).toString('hex'),
    scorer: createAuthFailureBurstScorer(),
    registry,
    log: createLogger({ name: 'bench', level: 'error' }),
    topics,
    partitions,
    groupPrefix: `bench-${run}`,
  });
  // The no-op consumer's clock starts at its first batch; `steady` gives the pipeline the same start.
  let steady: { at: number; normalized: number } | undefined;
  for (;;) {
    const rawLag = await groupLag(kafka, `bench-${run}-normalize`, topics.rawAccess);
    if (!steady && rawLag < total) steady = { at: performance.now(), normalized: total - rawLag };
    const lag = rawLag + (await groupLag(kafka, `bench-${run}-score`, topics.events));
    if (lag === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pipelineEnd = performance.now();
  const pipelineSeconds = (pipelineEnd - pipelineStart) / 1000;
  const steadySeconds = steady ? (pipelineEnd - steady.at) / 1000 : pipelineSeconds;
  const steadyEvents = total - (steady?.normalized ?? 0);
  const cpu = process.cpuUsage(cpuStart);
  const threads = threadCpuDelta(threadsStart, threadCpu());
  if (profile && values['cpu-profile']) await profile.stop(values['cpu-profile']);
  const stages = await stageStats(registry);
  const latency = await measureAlertLatency(kafka, topics, 40);
  await pipeline.stop();
  await ch.close();
  rmSync(dataDir, { recursive: true, force: true });

  const cpuPerEvent = (usage: NodeJS.CpuUsage) => `${((usage.user + usage.system) / total).toFixed(1)} µs`;
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} events/s`;
  const rows: Array<[string, string]> = [
    ['records', total.toLocaleString('en-US')],
    ['produce (kafkajs, acks=all)', rate(total, produceSeconds)],
    ['no-op consumer', rate(total, noop)],
    ['pipeline end to end (incl. group join)', rate(total, pipelineSeconds)],
    ['  after the first normalize commit', rate(steadyEvents, steadySeconds)],
    ...stages,
    ['pipeline / no-op', `${Math.round((noop / pipelineSeconds) * 100)}% (after the first commit: ${Math.round(((noop / total) * (steadyEvents / steadySeconds)) * 100)}%)`],
    ['no-op CPU per event', cpuPerEvent(noopCpu)],
    ['pipeline CPU per event (all threads)', cpuPerEvent(cpu)],
    ...threads.slice(0, 6).map(([name, seconds]): [string, string] => [`  CPU ${name}`, `${((seconds * 1e6) / total).toFixed(1)} µs/event`]),
    ['produce-to-alert p50', `${latency.p50.toFixed(0)} ms`],
    ['produce-to-alert p99', `${latency.p99.toFixed(0)} ms`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
