import { cpus, loadavg, totalmem } from 'node:os';
import type { AlertLatency } from './pipeline-probes';
import type { NoopRun } from './native-noop';

export interface BenchResult {
  records: number;
  recordBytes: number;
  tokens: number;
  partitions: number;
  /** TOKENWATCH_EVENTS_HOP of the run: `kafka` (the events topic between normalize and score) or `memory`. */
  eventsHop: string;
  produceSeconds: number;
  kcat: NoopRun;
  kafkajs: NoopRun;
  /** From the pipeline's start (group joins included) until both groups committed everything. */
  pipelineSeconds: number;
  /** From the pipeline's first handled batch: the steady state, start-up excluded. */
  steady: { seconds: number; events: number; cpu: NodeJS.CpuUsage; threads: Array<[string, number]> } | undefined;
  cpu: NodeJS.CpuUsage;
  threads: Array<[string, number]>;
  stages: Array<[string, string]>;
  latency: AlertLatency;
  /** The backlog with 10 % malformed records, drained by the restarted pipeline: `records` in `seconds` from the restart (group joins included), CPU over all `cpuRecords`. */
  badInput: {
    records: number;
    malformed: number;
    seconds: number;
    cpuSeconds: number;
    cpuRecords: number;
    validProduced: number;
    stored: number;
    deadLetters: number;
  };
  memory: { rssBefore: number; rssPeak: number; rssAfter: number; tokens: number; stateBytes: number };
}

const loadAtStart = loadavg();
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (events: number, seconds: number) => events / seconds;
const perSecond = (n: number) => `${int(n)} events/s`;
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)} %`;
const micros = (seconds: number, events: number) => `${((seconds * 1e6) / events).toFixed(1)} µs/event`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function steadyCpuRows(steady: BenchResult['steady']): Array<[string, string]> {
  if (!steady) return [];
  const rows: Array<[string, string]> = [
    ['pipeline CPU after the first batch, all threads', micros((steady.cpu.user + steady.cpu.system) / 1e6, steady.events)],
  ];
  for (const [name, seconds] of steady.threads.slice(0, 8)) rows.push([`  ${name}`, micros(seconds, steady.events)]);
  return rows;
}

/** The bench's numbers as a two-column table on stdout. */
export function printReport(r: BenchResult): void {
  const kcatRate = rate(r.records, r.kcat.seconds);
  const kafkajsRate = rate(r.records, r.kafkajs.seconds);
  const endToEnd = rate(r.records, r.pipelineSeconds);
  const steady = r.steady ? rate(r.steady.events, r.steady.seconds) : endToEnd;
  const cpu = (r.cpu.user + r.cpu.system) / 1e6;
  const rows: Array<[string, string]> = [
    ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${mib(totalmem())}, Node.js ${process.versions.node}`],
    ['load average (1 min) at start / end', `${loadAtStart[0]!.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`],
    [
      'records (simulated Kong)',
      `${int(r.records)} of ${r.tokens} tokens, ${int(r.recordBytes)} B each, ${r.partitions} partitions, events hop ${r.eventsHop}`,
    ],
    ['generate + produce (kafkajs, acks=all, 512 KiB requests)', perSecond(rate(r.records, r.produceSeconds))],
    ['no-op kcat (native librdkafka)', `${perSecond(kcatRate)}, ${micros(r.kcat.cpuSeconds, r.records)} CPU`],
    ['no-op kafkajs (the project client)', `${perSecond(kafkajsRate)}, ${micros(r.kafkajs.cpuSeconds, r.records)} CPU`],
    [
      'pipeline end to end (incl. group joins)',
      `${perSecond(endToEnd)} = ${percent(endToEnd, kcatRate)} of kcat, ${percent(endToEnd, kafkajsRate)} of kafkajs`,
    ],
    ['  after the first batch', `${perSecond(steady)} = ${percent(steady, kcatRate)} of kcat, ${percent(steady, kafkajsRate)} of kafkajs`],
    ...r.stages,
    [
      'pipeline CPU, whole run (start-up included)',
      `${micros(cpu, r.records)}, of it main (JS) ${micros(r.threads.find(([name]) => name === 'main (JS)')?.[1] ?? 0, r.records)}`,
    ],
    ...steadyCpuRows(r.steady),
    [
      'restarted on a backlog, 10 % malformed',
      `${perSecond(rate(r.badInput.records, r.badInput.seconds))} from the restart, ${micros(r.badInput.cpuSeconds, r.badInput.cpuRecords)} CPU (${int(r.badInput.cpuRecords)} records, ${int(r.badInput.malformed)} malformed)`,
    ],
    [
      '  valid records stored / produced',
      `${int(r.badInput.stored)} / ${int(r.badInput.validProduced)}${r.badInput.stored === r.badInput.validProduced ? '' : '  MISMATCH'}`,
    ],
    [
      '  dead letters / malformed records',
      `${int(r.badInput.deadLetters)} / ${int(r.badInput.malformed)}${r.badInput.deadLetters === r.badInput.malformed ? '' : '  MISMATCH'}`,
    ],
    ['produce-to-alert p50 / p99', `${r.latency.p50.toFixed(0)} / ${r.latency.p99.toFixed(0)} ms (${r.latency.missed} of the bursts without an alert)`],
    ['RSS before / peak / after the pipeline run', `${mib(r.memory.rssBefore)} / ${mib(r.memory.rssPeak)} / ${mib(r.memory.rssAfter)}`],
    ['hot detector state', `${int(r.memory.tokens)} tokens, ${int(r.memory.stateBytes / Math.max(1, r.memory.tokens))} B per token (stateBytes)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
