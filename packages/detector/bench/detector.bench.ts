/**
 * Detector benchmark: `observe` throughput on pre-parsed synthetic events, and hot state per token.
 *   node --expose-gc --import tsx packages/detector/bench/detector.bench.ts [--quick]
 * (`npx tsx packages/detector/bench/detector.bench.ts` works too; without --expose-gc the heap figures
 * are noisier.) Numbers are printed, never asserted: this is a measurement, not a test.
 */
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from '../src/index';
import { PLACES, event, rng, type Profile } from '../src/testing/synthetic-traffic';

const quick = process.argv.includes('--quick');
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

/**
 * Chunks of events over `tokens` tokens (each token about one request every 6 s, so minutes and hours
 * roll over as in production), JSON round-tripped like consumed messages. Only `observe` is timed.
 */
function throughput(): void {
  const total = quick ? 400_000 : 3_000_000;
  const chunk = 100_000;
  const tokens = 10_000;
  const spacing = 6_000 / tokens; // ms of event time between consecutive events
  const random = rng(1);
  const profiles = Array.from({ length: tokens }, (_, i) => profile(i));
  const start = Date.UTC(2024, 0, 1);
  const detector = createDetector();
  const warm = total / 5;
  let timed = 0;
  let seconds = 0;
  let alerts = 0;
  for (let k = 0; k < total; k += chunk) {
    const lines: string[] = [];
    for (let j = k; j < k + chunk; j++) lines.push(JSON.stringify(event(profiles[Math.floor(random() * tokens)]!, Math.floor(start + j * spacing), {}, random)));
    const events = lines.map((l) => JSON.parse(l) as AccessEvent);
    const t0 = process.hrtime.bigint();
    for (const e of events) alerts += detector.observe(e).length;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (k >= warm) {
      timed += events.length;
      seconds += s;
    }
  }
  const hours = (total * spacing) / 3_600_000;
  console.log(
    `observe: ${Math.round(timed / seconds).toLocaleString('en-US')} events/s on one core (${timed.toLocaleString('en-US')} timed events after ${warm.toLocaleString('en-US')} warm-up, ${tokens.toLocaleString('en-US')} tokens, ${hours.toFixed(1)} h of event time, ${alerts} alerts)`,
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
throughput();
for (const n of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) memory(n);
