/**
 * Detector benchmark: `observe` throughput on pre-parsed synthetic events, and hot state per token.
 *   node --expose-gc --import tsx packages/detector/bench/detector.bench.ts [--quick] [--throughput-only]
 * (`npx tsx packages/detector/bench/detector.bench.ts` works too; without --expose-gc the heap figures
 * are noisier.) Numbers are printed, never asserted: this is a measurement, not a test.
 */
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
    userAgents: [i % 3 === 0 ? 'python-requests/2.31.0' : i % 3 === 1 ? 'okhttp/4.12.0' : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36'],
  };
}

interface Workload {
  name: string;
  tokens: number;
  /** Mean ms between two requests of one token. */
  everyMs: number;
  total: number;
  config?: DetectorConfigInput;
}

/**
 * `observe` throughput on chunks of pre-parsed events (JSON round-tripped like consumed messages);
 * only `observe` is timed, after a warm-up of a fifth of the events.
 */
function throughput(w: Workload): void {
  const chunk = 100_000;
  const spacing = w.everyMs / w.tokens; // ms of event time between consecutive events
  const random = rng(1);
  const profiles = Array.from({ length: w.tokens }, (_, i) => profile(i));
  const start = Date.UTC(2024, 0, 1);
  const detector = createDetector(w.config);
  const warm = w.total / 5;
  let timed = 0;
  let seconds = 0;
  let alerts = 0;
  for (let k = 0; k < w.total; k += chunk) {
    const lines: string[] = [];
    for (let j = k; j < k + chunk; j++) lines.push(JSON.stringify(event(profiles[Math.floor(random() * w.tokens)]!, Math.floor(start + j * spacing), {}, random)));
    const events = lines.map((l) => JSON.parse(l) as AccessEvent);
    const t0 = process.hrtime.bigint();
    for (const e of events) alerts += detector.observe(e).length;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (k >= warm) {
      timed += events.length;
      seconds += s;
    }
  }
  const hours = (w.total * spacing) / 3_600_000;
  console.log(
    `observe, ${w.name}: ${Math.round(timed / seconds).toLocaleString('en-US')} events/s on one core (${timed.toLocaleString('en-US')} timed events, ${w.tokens.toLocaleString('en-US')} tokens, ${hours.toFixed(1)} h of event time, ${alerts} alerts)`,
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

console.log(`node ${process.version}, gc ${gc ? 'exposed' : 'NOT exposed (run node with --expose-gc)'}`);
const scale = quick ? 0.15 : 1;
throughput({ name: 'busy tokens (a request every 6 s each)', tokens: 10_000, everyMs: 6_000, total: Math.round(3_000_000 * scale) });
throughput({
  name: 'sparse learned tokens (a request every 2 min each; learning shortened so they are past it)',
  tokens: 10_000,
  everyMs: 120_000,
  total: Math.round(2_000_000 * scale),
  config: { learning: { minEvents: 10, minHours: 0.5 } },
});
if (!throughputOnly) for (const n of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) memory(n);
