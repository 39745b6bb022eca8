import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { countAccessEvents, countDistinctEventIds, createClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { drillSetup, pipelineCaughtUp } from './support/drill-setup';
import { produce } from './support/kafka-io';
import { drillRecords } from './support/kong-records';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * One process per ingest role on one machine with the embedded chDB: `run ingest --role normalize`
 * opens no ClickHouse (so it neither needs one nor locks the folder), and `run ingest --role score`
 * on the same home owns the chDB folder. Every record the normalizer reads is scored and stored once.
 */
const drill = drillSetup('roles');
const { run, home, kafka, topics, database, env } = drill;
const RECORDS = 2_000;
const processes: TokenwatchProcess[] = [];

afterAll(() => {
  for (const p of processes) p.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

it('runs normalize without ClickHouse beside a scorer that owns the embedded chDB', { timeout: 240_000 }, async () => {
  await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: 3 }]);
  const normalizer = await startTokenwatchUp(env, 120_000, ['run', 'ingest', '--role', 'normalize']);
  processes.push(normalizer);
  expect(normalizer.output()).toContain('clickhouse: not used (normalize only)');
  expect(existsSync(join(home, 'clickhouse'))).toBe(false);
  expect((await fetch(`${normalizer.url}/readyz`)).status).toBe(200);

  const scorer = await startTokenwatchUp(env, 120_000, ['run', 'ingest', '--role', 'score']);
  processes.push(scorer);
  await produce(kafka, topics.rawAccess, drillRecords(run, 0, RECORDS));
  await pipelineCaughtUp(drill, () => scorer);

  scorer.child.kill('SIGINT');
  normalizer.child.kill('SIGINT');
  expect(await scorer.exited).toBe(0);
  expect(await normalizer.exited).toBe(0);
  const ch = await createClickHouse({ dataPath: join(home, 'clickhouse'), database });
  try {
    expect(await countAccessEvents(ch, { final: true })).toBe(RECORDS);
    expect(await countDistinctEventIds(ch)).toBe(RECORDS);
  } finally {
    await ch.close();
  }
});
