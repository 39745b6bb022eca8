/**
 * Token snapshots, as the state changelog takes and restores them: per learned token, `snapshot`,
 * snapshot + `JSON.stringify` of a changelog record, its size, and `JSON.parse` + `restore`.
 *   npx tsx packages/detector/bench/snapshot.bench.ts [tokens=2000] [rounds=7]
 * Tokens first see a week of traffic (every hour of the week's seasonal array filled, 1 to 7 requests an hour). Numbers are
 * printed, never asserted: a measurement, not a test.
 */
import { createDetector } from '../src/index';
import { PLACES, event, rng, type Profile } from '../src/testing/synthetic-traffic';

const tokens = Number(process.argv[2] ?? 2_000);
const rounds = Number(process.argv[3] ?? 7);
const HOUR = 3_600_000;

const detector = createDetector();
const random = rng(7);
const profiles: Profile[] = Array.from({ length: tokens }, (_, i) => ({
  fp: (i + 1).toString(16).padStart(32, '0'),
  rate: () => 50,
  places: [i % 2 === 0 ? PLACES.newYork : PLACES.frankfurt],
  ips: [`10.${(i >> 8) & 255}.${i & 255}.1`],
}));
const start = Date.UTC(2026, 0, 5);
// 1 to 7 requests an hour, varying by hour and token, as the seasonal rates of real traffic vary
for (let hour = 0; hour < 7 * 24; hour++)
  profiles.forEach((p, i) => {
    for (let k = 0; k <= (hour * 5 + i) % 7; k++) detector.observe(event(p, start + hour * HOUR + k * 1_000, {}, random));
  });

const fps = profiles.map((p) => p.fp);
const perToken = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1_000 / tokens;
const results = { snapshot: [] as number[], write: [] as number[], restore: [] as number[] };
let bytes = 0;
for (let r = 0; r < rounds; r++) {
  let t0 = process.hrtime.bigint();
  for (const fp of fps) detector.snapshot(fp);
  results.snapshot.push(perToken(t0));

  const texts: string[] = [];
  t0 = process.hrtime.bigint();
  for (const fp of fps) texts.push(JSON.stringify({ v: 1, snapshot: detector.snapshot(fp) }));
  results.write.push(perToken(t0));
  bytes = texts.reduce((sum, text) => sum + text.length, 0) / tokens;

  t0 = process.hrtime.bigint();
  for (const text of texts) detector.restore((JSON.parse(text) as { snapshot: Parameters<typeof detector.restore>[0] }).snapshot);
  results.restore.push(perToken(t0));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
console.log(`${tokens.toLocaleString('en-US')} learned tokens, a week of traffic each; µs per token, median (range) of ${rounds} rounds`);
console.log(`  snapshot                         ${median(results.snapshot)} (${range(results.snapshot)})`);
console.log(`  snapshot + JSON.stringify        ${median(results.write)} (${range(results.write)}), ${Math.round(bytes).toLocaleString('en-US')} B per record`);
console.log(`  JSON.parse + restore             ${median(results.restore)} (${range(results.restore)})`);
