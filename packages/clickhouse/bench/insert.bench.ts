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
import { countAccessEvents, createClickHouse, insertAccessEvents, migrate, type ClickHouse } from '../src/index';
import { makeEvents } from './access-event-payloads';

const total = Number(process.argv[2] ?? 100_000);
const chunkRows = Number(process.argv[3] ?? 10_000);

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
  const cpu0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpu0);
  console.log(`${name}: ${total} events in ${chunks.length} inserts of ${chunkRows} rows`);
  console.log(`  throughput        ${Math.round(total / seconds).toLocaleString('en-US')} rows/s (${seconds.toFixed(2)} s)`);
  console.log(`  CPU per row       ${((cpu.user + cpu.system) / total).toFixed(1)} µs (process, all threads, stall probes included)`);
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
