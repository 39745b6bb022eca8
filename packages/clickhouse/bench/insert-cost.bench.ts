/**
 * CPU per row of inserting access events into embedded chDB (process.cpuUsage: the JS thread and all
 * of chDB's threads), by schema (access_events alone, with the token_minute_rollups view as each
 * migration left it), payload format and INSERT settings. Payloads are encoded before the clock
 * starts (their JS cost is printed apart); "+ merges" adds the CPU until the background merges the
 * inserts started are done. Compare CPU per row across runs; wall time suffers from other load.
 * Run: npx tsx packages/clickhouse/bench/insert-cost.bench.ts [totalRows=100000] [chunkRows=10000] [tokens=5000] [variant names…, in the order to run]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ACCESS_EVENT_COLUMNS, createClickHouse, DEFAULT_SCHEMA_DIR, loadMigrations, migrate, renderSql, type ClickHouse } from '../src/index';
import { encodeEvents, makeEvents } from './access-event-payloads';
import { BENCH_VARIANTS, type BenchVariant, type SchemaUpTo } from './insert-cost.variants';

const [totalArg, chunkArg, tokensArg, ...only] = process.argv.slice(2);
const total = Number(totalArg ?? 100_000);
const chunkRows = Number(chunkArg ?? 10_000);
const tokens = Number(tokensArg ?? 5_000);

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** A folder with the schema files numbered up to `upTo`, the database state after that migration. */
async function schemaDirUpTo(upTo: SchemaUpTo, root: string): Promise<string> {
  const files = await loadMigrations(DEFAULT_SCHEMA_DIR);
  const last = upTo === 'latest' ? Infinity : upTo;
  const dir = mkdtempSync(join(root, 'schema-'));
  for (const f of files.filter((m) => m.number <= last)) copyFileSync(join(DEFAULT_SCHEMA_DIR, `${f.name}.sql`), join(dir, `${f.name}.sql`));
  return dir;
}

async function mergesRunning(ch: ClickHouse): Promise<boolean> {
  const rs = await ch.client.query({ query: `SELECT count() AS n FROM system.merges WHERE database = '${ch.database}'`, format: 'JSONEachRow' });
  const [row] = await rs.json<{ n: number | string }>();
  return Number(row?.n ?? 0) > 0;
}

async function settle(ch: ClickHouse): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  while (await mergesRunning(ch)) await new Promise((r) => setTimeout(r, 50));
}

async function insert(ch: ClickHouse, v: BenchVariant, payload: Buffer): Promise<void> {
  const table = `${ch.database}.${v.table ?? 'access_events_input'}`;
  await ch.insertEncoded?.({ table, columns: ACCESS_EVENT_COLUMNS, format: v.format, payload, settings: v.settings });
}

interface Measured {
  encodeUs: number;
  insertUs: number;
  mergeUs: number;
  seconds: number;
}

async function measure(ch: ClickHouse, v: BenchVariant, offset: number, baseTs: number): Promise<Measured> {
  const chunks = Array.from({ length: Math.ceil(total / chunkRows) }, (_, c) =>
    makeEvents(Math.min(chunkRows, total - c * chunkRows), offset + c * chunkRows, baseTs, tokens),
  );
  const c0 = cpuMicros();
  const payloads = chunks.map((events) => encodeEvents(events, v.format));
  const c1 = cpuMicros();
  const t0 = performance.now();
  for (const payload of payloads) await insert(ch, v, payload);
  const seconds = (performance.now() - t0) / 1000;
  const c2 = cpuMicros();
  await settle(ch);
  const c3 = cpuMicros();
  return { encodeUs: c1 - c0, insertUs: c2 - c1, mergeUs: c3 - c2, seconds };
}

function unknownVariant(name: string): never {
  throw new Error(`no variant ${JSON.stringify(name)}; variants: ${BENCH_VARIANTS.map((v) => v.name).join(', ')}`);
}

const root = mkdtempSync(join(tmpdir(), 'tokenwatch-bench-'));
const base = await createClickHouse({ dataPath: join(root, 'chdb'), database: 'tw_bench' });
const perRow = (us: number) => (us / total).toFixed(1).padStart(6);
try {
  const baseTs = Date.now() - 3_600_000;
  console.log(`${total} rows in inserts of ${chunkRows}, ${tokens} tokens; CPU µs per row (all threads)`);
  console.log('variant                                    encode  insert +merges   rows/s');
  const variants = only.length === 0 ? BENCH_VARIANTS : only.map((name) => BENCH_VARIANTS.find((v) => v.name === name) ?? unknownVariant(name));
  for (const [i, v] of variants.entries()) {
    const ch: ClickHouse = { ...base, database: `tw_bench_${i}` };
    await ch.client.command({ query: `CREATE DATABASE ${ch.database}` });
    await migrate(ch, { schemaDir: await schemaDirUpTo(v.schema, root) });
    for (const query of v.ddl ?? []) await ch.client.command({ query: renderSql(query, ch.database) });
    await insert(ch, v, encodeEvents(makeEvents(1_000, 10 * total, baseTs, tokens), v.format));
    await settle(ch);
    const m = await measure(ch, v, 0, baseTs);
    const rate = Math.round(total / m.seconds).toLocaleString('en-US');
    console.log(`${v.name.padEnd(42)} ${perRow(m.encodeUs)} ${perRow(m.insertUs)} ${perRow(m.insertUs + m.mergeUs)} ${rate.padStart(8)}`);
  }
} finally {
  await base.close();
  rmSync(root, { recursive: true, force: true });
}
