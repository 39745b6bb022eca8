/**
 * `pnpm bench:roles`: does a second process (the second core) speed up the pipeline? The same
 * simulator traffic, in one run on one broker, through
 *   one process:   `tokenwatch run ingest` (normalize + score, events and alerts into its embedded chDB), and
 *   two processes: `tokenwatch run ingest --role normalize` (no ClickHouse) beside `run ingest --role score`,
 * each on its own topics, beside kcat reading the raw topic and doing nothing (the native ceiling).
 *   pnpm bench:roles [--tokens 500] [--days 2] [--seed bench] [--kcat PATH]
 * The clock runs from the first record produced to both groups' last commit; CPU is each process's
 * user + system time over that span (from /proc), start-up excluded.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { ensureTopics, startLocalBroker } from '@tokenwatch/kafka';
import { testKafka } from '../e2e/support/kafka-io';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from '../e2e/support/tokenwatch-process';
import { drainWithKcat } from './native-noop';
import { waitForDrain } from './pipeline-drain';
import { produceRecords } from './produce-records';
import { simulatedKongTraffic } from './simulated-traffic';
import { statCpuSeconds } from './thread-cpu';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '500' },
    days: { type: 'string', default: '2' },
    seed: { type: 'string', default: 'bench' },
    kcat: { type: 'string', default: 'kcat' },
  },
});

const TOPOLOGIES = {
  'one process': [['normalize', 'score']],
  'two processes': [['normalize'], ['score']],
} as const;

/** user + system CPU seconds of a process, and its peak RSS in MiB, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; peakRssMib: number } {
  const peakKb = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuSeconds: statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')), peakRssMib: Math.round(peakKb / 1024) };
}

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS ?? (await startLocalBroker({ home: join(process.cwd(), '.tokenwatch') })).brokers;
  const kafka = testKafka(brokers);
  const run = randomBytes(4).toString('hex');
  const fingerprintKey = randomBytes(32).toString('hex');
  // One end for both topologies: the same records.
  const end = Date.now() - 60_000;
  const traffic = () => simulatedKongTraffic({ tokens: Number(values.tokens), days: Number(values.days), seed: values.seed, end });
  const lines: string[] = [];
  let kcatRate: number | undefined;

  for (const [name, members] of Object.entries(TOPOLOGIES)) {
    const prefix = `roles-${run}-${name.split(' ')[0]}`;
    const topics = topicNames(prefix);
    await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: 6 }]);
    const home = mkdtempSync(join(tmpdir(), 'tokenwatch-roles-'));
    const env = { ...upEnv({ brokers, home, prefix, partitions: 6 }), TOKENWATCH_FINGERPRINT_KEY: fingerprintKey, LOG_LEVEL: 'error' };
    const processes: TokenwatchProcess[] = [];
    try {
      for (const roles of members) processes.push(await startTokenwatchUp(env, 180_000, ['run', 'ingest', '--role', roles.join(',')]));
      const before = processes.map((p) => processUsage(p.child.pid!));
      const started = performance.now();
      const produced = await produceRecords(kafka, topics.rawAccess, traffic().records());
      const drained = await waitForDrain(
        kafka,
        { normalize: `${prefix}-normalize`, score: `${prefix}-score` },
        { raw: topics.rawAccess, events: topics.events },
        produced.count,
      );
      const after = processes.map((p) => processUsage(p.child.pid!));
      const seconds = (drained.end - started) / 1000;
      const rate = produced.count / seconds;
      if (kcatRate === undefined) {
        const kcat = await drainWithKcat(brokers, topics.rawAccess, produced.count, values.kcat);
        kcatRate = produced.count / kcat.seconds;
        lines.push(
          `kcat no-op: ${Math.round(kcatRate).toLocaleString('en')} events/s (${((kcat.cpuSeconds / produced.count) * 1e6).toFixed(1)} µs CPU per event)`,
        );
      }
      const perProcess = members.map((roles, i) => {
        const cpu = ((after[i]!.cpuSeconds - before[i]!.cpuSeconds) / produced.count) * 1e6;
        return `${roles.join('+')} ${cpu.toFixed(1)} µs/event, peak RSS ${after[i]!.peakRssMib} MiB`;
      });
      const total = after.reduce((sum, a, i) => sum + a.cpuSeconds - before[i]!.cpuSeconds, 0);
      lines.push(
        `${name}: ${produced.count.toLocaleString('en')} records in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} events/s ` +
          `(${((rate / kcatRate) * 100).toFixed(1)} % of kcat); CPU ${((total / produced.count) * 1e6).toFixed(1)} µs/event (${perProcess.join('; ')})`,
      );
      process.stderr.write(`${lines.at(-1)}\n`);
    } finally {
      for (const p of processes) p.child.kill('SIGINT');
      await Promise.all(processes.map((p) => p.exited));
      rmSync(home, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
