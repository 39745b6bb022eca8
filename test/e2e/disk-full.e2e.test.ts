import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, countDistinctEventIds, createClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { groupCommitted, groupLag, produce, testKafka } from './support/kafka-io';
import { drillRecords } from './support/kong-records';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * The disk under chDB fills up under `tokenwatch up`: TOKENWATCH_HOME (so the embedded chDB folder)
 * is a small tmpfs this test mounts, and a filler file takes its last byte. While the disk is full
 * for `TOKENWATCH_DISK_FULL_SECONDS` (20 by default) the process stays up, the API answers, the
 * score consumer commits nothing (its lag stays above 0: every batch waits and retries), and its
 * RSS stays bounded; once the filler is deleted, the consumers go on by themselves and every event
 * is stored exactly once. HTTP ingest, which scores in the process and so has no topic to hold a
 * request's records, answers 503 while chDB refuses, and 200 again once it is back. chDB 3.4 refuses such an insert up front with NOT_ENOUGH_SPACE (243,
 * "Cannot reserve 1.00 MiB, not enough space."), which must be retried, not taken as permanent.
 *
 * Mounting needs root (or CAP_SYS_ADMIN), as CI and the dev machines run: when `mount` is refused
 * the test FAILS with the reason, it does not skip, so a drill that did not run never looks passed.
 * The shared broker (`inject('kafkaBrokers')`) with this run's own topic and group prefix.
 */
const FULL_MS = Number(process.env.TOKENWATCH_DISK_FULL_SECONDS ?? 20) * 1000;
const DISK_MB = 128;
/** RSS may grow this much while the disk is full (buffered batches, retries); more is a leak or unbounded buffering. */
const RSS_GROWTH_LIMIT_MB = 200;
const WARM = 1_000;
const DURING = 4_000;
const run = randomBytes(4).toString('hex');
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-diskfull-'));
const filler = join(home, 'filler');
const VIEWER_KEY = randomBytes(24).toString('hex');
const INGEST_KEY = randomBytes(24).toString('hex');
let mounted = false;
let up: TokenwatchProcess | undefined;
let ch: ClickHouse | undefined;
const started = Date.now();
const phase = (what: string) => process.stderr.write(`disk-full +${Date.now() - started} ms: ${what}\n`);

afterAll(async () => {
  if (up && up.child.exitCode === null && up.child.signalCode === null) {
    up.child.kill('SIGKILL');
    await up.exited;
  }
  await ch?.close().catch(() => undefined);
  if (mounted) await unmount();
  rmSync(home, { recursive: true, force: true });
});

function mountTmpfs(): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', home], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `disk-full drill: cannot mount a ${DISK_MB} MiB tmpfs at ${home} (${stderr || (error as Error).message}); ` +
        'the drill needs root or CAP_SYS_ADMIN and does not run without it',
      { cause: error },
    );
  }
}

async function unmount(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('umount', [home], { stdio: 'pipe' });
      mounted = false;
      return;
    } catch (error) {
      if (attempt >= 10) {
        // Busy for good (a process that would not die): detach it so nothing stays mounted.
        execFileSync('umount', ['-l', home], { stdio: 'pipe' });
        mounted = false;
        process.stderr.write(`disk-full: ${home} was busy, unmounted lazily: ${(error as Error).message}\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Writes the filler until the file system refuses a byte: 1 MiB writes, then smaller ones. */
function fillDisk(): number {
  const fd = openSync(filler, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const freeBytes = () => {
  const s = statfsSync(home);
  return s.bavail * s.bsize;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The product's resident memory in MiB, from /proc/<pid>/status. */
function rssMib(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Math.round(Number(kb) / 1024);
}

const records = (from: number, count: number) => drillRecords(run, from, count);

it(`pauses, retries and resumes with bounded memory while the disk under chDB is full for ${FULL_MS / 1000} s`, { timeout: 600_000 }, async () => {
  mountTmpfs();
  const kafka = testKafka(inject('kafkaBrokers'));
  const prefix = `diskfull-${run}`;
  const topics = topicNames(prefix);
  const env = { ...upEnv({ brokers: inject('kafkaBrokers'), home, prefix, viewerKey: VIEWER_KEY }), TOKENWATCH_INGEST_KEY: INGEST_KEY };
  await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: 3 }]);
  up = await startTokenwatchUp(env);
  const pid = up.child.pid!;
  const get = (path: string) => fetch(`${up!.url}${path}`, { headers: { authorization: `Bearer ${VIEWER_KEY}` }, signal: AbortSignal.timeout(10_000) });
  // HTTP ingest scores in this process (no topic holds the records): while chDB fails it must answer 503 at once, not hold the request.
  const postRecord = () =>
    fetch(`${up!.url}/ingest/kong`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
      body: records(WARM + DURING, 1)[0]!,
      signal: AbortSignal.timeout(10_000),
    });
  // up normalizes and scores in one consumer (TOKENWATCH_EVENTS_HOP unset): it commits raw offsets only once a batch is stored.
  const storingGroup = `${prefix}-normalize`;
  const lags = async () => ({
    normalize: await groupLag(kafka, storingGroup, topics.rawAccess),
    score: await groupLag(kafka, `${prefix}-score`, topics.events),
  });
  const caughtUp = (lag: { normalize: number; score: number }) => lag.normalize === 0 && lag.score === 0;
  const withOutput = (error: Error) => {
    throw new Error(`${error.message}\ntokenwatch output:\n${up?.output().slice(-3000)}`);
  };

  await produce(kafka, topics.rawAccess, records(0, WARM));
  await eventually(lags, caughtUp, { timeoutMs: 120_000, intervalMs: 500, what: 'warm-up records consumed' }).catch(withOutput);
  const rssBefore = rssMib(pid);
  phase(`${WARM} warm-up events stored; ${mib(freeBytes())} free of ${DISK_MB} MiB; RSS ${rssBefore} MiB`);

  const filled = fillDisk();
  const committedBefore = await groupCommitted(kafka, storingGroup, topics.rawAccess);
  phase(`disk filled: filler ${mib(filled)}, ${freeBytes()} bytes free; producing ${DURING} records`);
  await produce(kafka, topics.rawAccess, records(WARM, DURING));
  await eventually(
    async () => up!.output(),
    (out) => /not enough space/i.test(out),
    { timeoutMs: 60_000, intervalMs: 500, what: 'chDB refusing an insert' },
  ).catch(withOutput);
  const refusal = /Cannot reserve [^,]+, not enough space/i.exec(up.output())?.[0] ?? 'not enough space';
  const code = /\(NOT_ENOUGH_SPACE\)/.test(up.output()) ? 'NOT_ENOUGH_SPACE, code 243' : 'no ClickHouse code';
  phase(`chDB refuses inserts: "${refusal}" (${code})`);

  const refused = await postRecord();
  const refusedBody = (await refused.json()) as { error?: string };
  phase(`POST /ingest/kong while full: ${refused.status} ${JSON.stringify(refusedBody)}`);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(refusedBody.error).toMatch(/ClickHouse is unavailable/);

  const fullEnds = Date.now() + FULL_MS;
  const seen = { api: new Set<number>(), readyz: new Set<number>(), rss: [] as number[], scoreLag: [] as number[], normalizeLag: [] as number[] };
  while (Date.now() < fullEnds) {
    expect(up.child.exitCode, 'tokenwatch up exited while the disk was full').toBeNull();
    seen.api.add((await get('/api/alerts')).status);
    seen.readyz.add((await get('/readyz')).status);
    seen.rss.push(rssMib(pid));
    const lag = await lags();
    seen.scoreLag.push(lag.score);
    seen.normalizeLag.push(lag.normalize);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const committedDuring = await groupCommitted(kafka, storingGroup, topics.rawAccess);
  const rssPeak = Math.max(...seen.rss);
  phase(
    `full for ${FULL_MS / 1000} s: process alive, /api/alerts answered ${[...seen.api].join(',')}, /readyz ${[...seen.readyz].join(',')}; ` +
      `score lag ${Math.min(...seen.scoreLag)}..${Math.max(...seen.scoreLag)}, normalize lag ${Math.min(...seen.normalizeLag)}..${Math.max(...seen.normalizeLag)}; ` +
      `raw offsets committed ${committedBefore} before, ${committedDuring} after; RSS ${Math.min(...seen.rss)}..${rssPeak} MiB (${rssBefore} before the fill)`,
  );
  expect(up.child.exitCode).toBeNull();
  expect([...seen.api]).toEqual([200]);
  expect(Math.min(...seen.normalizeLag)).toBeGreaterThan(0);
  expect(committedDuring).toBe(committedBefore);
  expect(rssPeak - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT_MB);

  unlinkSync(filler);
  const freedAt = Date.now();
  phase(`filler deleted: ${mib(freeBytes())} free`);
  await eventually(lags, caughtUp, { timeoutMs: 240_000, intervalMs: 1_000, what: 'records consumed after the disk was freed' }).catch(withOutput);
  phase(`lag 0 ${Date.now() - freedAt} ms after the filler was deleted; RSS ${rssMib(pid)} MiB`);
  const accepted = await postRecord();
  expect(accepted.status, 'POST /ingest/kong after the disk was freed').toBe(200);
  expect(await accepted.json()).toMatchObject({ accepted: 1, rejected: [] });
  // Refusals were retried as transient all along: no batch was given up as permanent.
  const count = (pattern: RegExp) => up!.output().match(pattern)?.length ?? 0;
  const insertRetries = count(/ClickHouse insert failed; retrying/g);
  const givenUp = count(/not written \(permanent error\)/g);
  const evicted = count(/The coordinator is not aware of this member/g);
  const crashes = count(/"msg":"Crash: /g);
  phase(`${insertRetries} insert retries logged, ${givenUp} batches given up as permanent, ${evicted} group-membership refusals, ${crashes} consumer crashes`);
  expect(givenUp).toBe(0);
  // A consumer that kafkajs crashed without a restart would leave a live process that consumes nothing.
  expect(crashes).toBe(0);
  up.child.kill('SIGINT');
  expect(await up.exited).toBe(0);
  up = undefined;

  ch = await createClickHouse({ dataPath: join(home, 'clickhouse'), database: env.CLICKHOUSE_DATABASE });
  const stored = await countAccessEvents(ch, { final: true });
  const distinct = await countDistinctEventIds(ch);
  const rows = await countAccessEvents(ch);
  const detached = (await (await ch.client.query({ query: 'SELECT count() AS c FROM system.detached_parts', format: 'JSONEachRow' })).json<{ c: string }>())[0]
    ?.c;
  phase(
    `${stored} events under FINAL, ${distinct} distinct ids, ${rows} rows before merges, ${detached} detached parts (of ${WARM + DURING} produced and 1 posted)`,
  );
  expect(stored).toBe(WARM + DURING + 1);
  expect(distinct).toBe(WARM + DURING + 1);
  expect(Number(detached)).toBe(0);
});
