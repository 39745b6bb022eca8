/**
 * Insert throughput of insertAccessEvents into embedded chDB, and how long each INSERT blocks the
 * event loop, for each way of sending rows: the client's JSONEachRow insert (what a ClickHouse
 * server gets) and the encoded JSONCompactEachRow buffer handed to chDB (the embedded default).
 * Run: npx tsx packages/clickhouse/bench/insert.bench.ts [totalRows] [chunkRows]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AccessEvent } from '@tokenwatch/contracts';
import { countAccessEvents, createClickHouse, insertAccessEvents, migrate, type ClickHouse } from '../src/index';

const total = Number(process.argv[2] ?? 100_000);
const chunkRows = Number(process.argv[3] ?? 10_000);
const countries = ['DE', 'US', 'FR', 'BR', 'JP', 'IN', 'GB', 'NL'];
const routes = ['/v1/users/{id}', '/v1/orders', '/v1/orders/{id}', '/v1/export', '/v1/admin/keys', '/healthz'];

function makeEvents(n: number, offset: number, baseTs: number): AccessEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    return {
      id: `bench-${i}`,
      ts: baseTs + i * 7,
      gateway: 'kong',
      token: { fp: (i % 5_000).toString(16).padStart(32, '0'), hint: 'x9Qz', kind: 'api_key' },
      ip: `198.51.100.${i % 250}`,
      method: i % 7 === 0 ? 'POST' : 'GET',
      route: routes[i % routes.length] ?? null,
      path: `/v1/users/${i % 10_000}`,
      status: i % 50 === 0 ? 401 : 200,
      bytes: 200 + (i % 50_000),
      latencyMs: 3 + (i % 400) / 10,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0',
      consumer: `consumer-${i % 40}`,
      service: 'users',
      geo: { country: countries[i % countries.length] ?? null, region: null, city: 'Somewhere', lat: 50.1, lon: 8.6 },
    };
  });
}

/**
 * Longest stretch the event loop could not run a 1 ms timer, plus monitorEventLoopDelay's max for
 * comparison. Both start 10 ms before the measured call: the histogram ignores its first interval,
 * which would hide a synchronous block right at the start of the call.
 */
async function startStallProbe(): Promise<{ stop(): { gapMs: number; eldMaxMs: number } }> {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 10));
  maxGap = 0;
  last = performance.now();
  return {
    stop() {
      maxGap = Math.max(maxGap, performance.now() - last);
      clearInterval(ticker);
      eld.disable();
      return { gapMs: maxGap, eldMaxMs: eld.max / 1e6 };
    },
  };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const dataPath = mkdtempSync(join(tmpdir(), 'tokenwatch-bench-'));
const ch = await createClickHouse({ dataPath, database: 'tw_bench' });
const variants: Array<[string, ClickHouse]> = [
  ['client JSONEachRow (server path)', { ...ch, insertEncoded: undefined }],
  ['encoded JSONCompactEachRow buffer (embedded)', ch],
];

async function measure(name: string, target: ClickHouse, offset: number, baseTs: number): Promise<void> {
  const chunks = Array.from({ length: Math.ceil(total / chunkRows) }, (_, c) =>
    makeEvents(Math.min(chunkRows, total - c * chunkRows), offset + c * chunkRows, baseTs),
  );
  const blockedMs: number[] = [];
  const eldMs: number[] = [];
  const wallMs: number[] = [];
  let elapsed = 0;
  for (const events of chunks) {
    const probe = await startStallProbe();
    const t0 = performance.now();
    await insertAccessEvents(target, events, { chunkRows });
    const wall = performance.now() - t0;
    const stall = probe.stop();
    wallMs.push(wall);
    elapsed += wall;
    blockedMs.push(stall.gapMs);
    eldMs.push(stall.eldMaxMs);
  }
  const seconds = elapsed / 1000;
  console.log(`${name}: ${total} events in ${chunks.length} inserts of ${chunkRows} rows`);
  console.log(`  throughput        ${Math.round(total / seconds).toLocaleString('en-US')} rows/s (${seconds.toFixed(2)} s)`);
  console.log(`  wall per insert   p50 ${ms(quantile(wallMs, 0.5))}, max ${ms(Math.max(...wallMs))}`);
  console.log(`  loop blocked      p50 ${ms(quantile(blockedMs, 0.5))}, max ${ms(Math.max(...blockedMs))} (longest gap between 1 ms ticks, per insert)`);
  console.log(`  monitorEventLoopDelay max per insert: p50 ${ms(quantile(eldMs, 0.5))}, max ${ms(Math.max(...eldMs))} (can miss a stall)`);
}

try {
  await migrate(ch);
  const baseTs = Date.now() - 3_600_000;
  await insertAccessEvents(ch, makeEvents(1_000, 10 * total, baseTs)); // warm-up, not measured
  for (const [i, [name, target]] of variants.entries()) await measure(name, target, i * total, baseTs);
  const stored = await countAccessEvents(ch, { final: true });
  console.log(`rows stored ${stored - 1_000} of ${variants.length * total} (+1000 warm-up)`);
} finally {
  await ch.close();
  rmSync(dataPath, { recursive: true, force: true });
}
