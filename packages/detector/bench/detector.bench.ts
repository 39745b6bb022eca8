/**
 * Detector benchmark: `observe` throughput on pre-parsed synthetic events, and hot state per token.
 *   node --expose-gc --import tsx packages/detector/bench/detector.bench.ts [--quick] [--throughput-only] [--only learning|busy|sparse|<tokens>]
 * (`npx tsx packages/detector/bench/detector.bench.ts` works too; without --expose-gc the heap figures
 * are noisier.) Numbers are printed, never asserted: this is a measurement, not a test.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector, type DetectorConfigInput } from '../src/index';
import { PLACES, event, rng, type Profile } from '../src/testing/synthetic-traffic';

const quick = process.argv.includes('--quick');
const throughputOnly = process.argv.includes('--throughput-only');
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function fp(i: number): string {
  return (0x1000000000000000n + BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).slice(-32).padStart(32, '0');
}

function profile(i: number): Profile {
  const places = [PLACES.newYork, PLACES.virginia, PLACES.dublin, PLACES.frankfurt];
  return {
    fp: fp(i),
    consumer: `consumer-${i % 500}`,
    service: `service-${i % 20}`,
    rate: () => 100,
    places: [places[i % places.length]!],
    ips: [`10.${(i >> 8) & 255}.${i & 255}.1`, `10.${(i >> 8) & 255}.${i & 255}.2`],
    userAgents: [
      i % 3 === 0
        ? 'python-requests/2.31.0'
        : i % 3 === 1
          ? 'okhttp/4.12.0'
          : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
    ],
  };
}

interface Workload {
  name: string;
  tokens: number;
  /** Mean ms between two requests of one token. */
  everyMs: number;
  total: number;
  /** Untimed events first (default a fifth of total). */
  warm?: number;
  config?: DetectorConfigInput;
}

/**
 * `observe` throughput on pre-parsed events. As in the score consumer, events are parsed a batch at
 * a time (1,000 records, like one consumed Kafka batch) and scored right away; only `observe` is
 * timed, after a warm-up of a fifth of the events. Each chunk of 100,000 events is one measurement:
 * the median chunk is the figure, the spread shows how noisy the machine was.
 */
function throughput(w: Workload): void {
  const chunk = 100_000;
  const batch = 1_000;
  const spacing = w.everyMs / w.tokens; // ms of event time between consecutive events
  const random = rng(1);
  const profiles = Array.from({ length: w.tokens }, (_, i) => profile(i));
  const start = Date.UTC(2024, 0, 1);
  const detector = createDetector(w.config);
  const warm = w.warm ?? w.total / 5;
  const rates: number[] = [];
  let alerts = 0;
  for (let k = 0; k < w.total; k += chunk) {
    const lines: string[] = [];
    for (let j = k; j < k + chunk; j++)
      lines.push(JSON.stringify(event(profiles[Math.floor(random() * w.tokens)]!, Math.floor(start + j * spacing), {}, random)));
    gc?.(); // the garbage of building the chunk is not the scorer's: collect it before timing
    let ns = 0n;
    for (let b = 0; b < chunk; b += batch) {
      const events = lines.slice(b, b + batch).map((l) => JSON.parse(l) as AccessEvent);
      const t0 = process.hrtime.bigint();
      for (const e of events) alerts += detector.observe(e).length;
      ns += process.hrtime.bigint() - t0;
    }
    if (k >= warm) rates.push(chunk / (Number(ns) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const at = (q: number) => Math.round(rates[Math.min(rates.length - 1, Math.floor(q * rates.length))]!).toLocaleString('en-US');
  const hours = (w.total * spacing) / 3_600_000;
  console.log(
    `observe, ${w.name}: ${at(0.5)} events/s on one core (median of ${rates.length} chunks of ${chunk.toLocaleString('en-US')}; p10 ${at(0.1)}, p90 ${at(0.9)}; ${w.tokens.toLocaleString('en-US')} tokens, ${hours.toFixed(1)} h of event time, ${alerts} alerts)`,
  );
}

function memory(tokens: number): void {
  gc?.();
  const before = process.memoryUsage();
  const detector = createDetector();
  const random = rng(tokens);
  const start = Date.UTC(2024, 0, 1);
  // three events per token: every tracked map (countries, routes, user agents, places) gets an entry
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < tokens; i++) detector.observe(event(profile(i), start + round * 60_000 + (i % 60_000), {}, random));
  }
  gc?.();
  const after = process.memoryUsage();
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  const per = (x: number) => Math.round(x / tokens);
  console.log(
    `${tokens.toLocaleString('en-US').padStart(9)} tokens: heap ${per(heap)} B/token + typed arrays ${per(buffers)} B/token = ${per(heap + buffers)} B/token measured; stateBytes() ${per(detector.stateBytes())} B/token (total ${(detector.stateBytes() / MB).toFixed(0)} MB)`,
  );
  if (detector.trackedTokens() !== tokens) throw new Error('token count mismatch');
}

const scale = quick ? 0.15 : 1;
/** Learning and off-hours' minimum history shortened so that every signal is live within the run. */
const LEARNED: DetectorConfigInput = { learning: { minEvents: 10, minHours: 0.5 }, signals: { off_hours: { minDays: 0.05 } } };
const WORKLOADS: Record<string, Workload> = {
  learning: {
    name: 'new tokens still learning (peer baselines; a request every 6 s each)',
    tokens: 10_000,
    everyMs: 6_000,
    total: Math.round(3_000_000 * scale),
  },
  busy: {
    name: 'busy learned tokens (a request every 6 s each, every signal live)',
    tokens: 2_000,
    everyMs: 6_000,
    total: Math.round(3_000_000 * scale),
    config: LEARNED,
  },
  million: {
    name: '1M known tokens (a request every 3.3 s each, i.e. 300k events/s of traffic; 1 GB of state, far beyond the CPU caches)',
    tokens: 1_000_000,
    everyMs: 3_300,
    total: Math.round(5_000_000 * scale),
    warm: Math.round(3_000_000 * scale), // every token seen about 3 times before timing starts
  },
  sparse: {
    name: 'sparse learned tokens (a request every 2 min each: a new minute at almost every event)',
    tokens: 10_000,
    everyMs: 120_000,
    total: Math.round(2_000_000 * scale),
    config: LEARNED,
  },
};

/** Each measurement runs in a fresh process: JIT feedback and heap left by one must not skew the next. */
function runIsolated(args: string[]): void {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`benchmark step ${args.join(' ')} failed`);
}

const only = process.argv.indexOf('--only');
if (only >= 0) {
  const what = process.argv[only + 1] ?? '';
  const workload = WORKLOADS[what];
  if (workload) throughput(workload);
  else memory(Number(what));
} else {
  console.log(`node ${process.version}, gc ${gc ? 'exposed' : 'NOT exposed (run node with --expose-gc)'}`);
  const flags = quick ? ['--quick'] : [];
  for (const key of Object.keys(WORKLOADS)) runIsolated(['--only', key, ...flags]);
  if (!throughputOnly) for (const n of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) runIsolated(['--only', String(n), ...flags]);
}
