import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { countAccessEvents, countDistinctEventIds, createClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { groupCommitted, produce } from './support/kafka-io';
import { kongRecord } from './support/kong-records';
import { drillSetup, pipelineCaughtUp } from './support/drill-setup';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * `tokenwatch up` is killed with SIGKILL while it consumes; started again, it must store every
 * event exactly once (at-least-once delivery + deterministic ids + ReplacingMergeTree).
 */
const drill = drillSetup('crash');
const { run, prefix: groupPrefix, home, kafka, topics, database, env } = drill;
const HALF = 15_000;
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      kongRecord({ requestId: `r-${run}-${from + i}`, startedAt: Date.now() - 3_600_000 + from + i, status: 200, consumerId: `c-${(from + i) % 500}` }),
    ),
  );
let current: TokenwatchProcess | undefined;
const started = Date.now();
const phase = (what: string) => process.stderr.write(`crash-recovery +${Date.now() - started} ms: ${what}\n`);

afterAll(async () => {
  current?.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

it('loses no event and stores none twice across a SIGKILL', { timeout: 240_000 }, async () => {
  await ensureTopics(kafka, [
    { topic: topics.rawAccess, partitions: 3 },
    { topic: topics.events, partitions: 3 },
  ]);
  await produce(kafka, topics.rawAccess, records(0, HALF));

  phase('first half produced');
  current = await startTokenwatchUp(env);
  phase('up');
  // Kill as soon as a batch is stored and committed (up scores in memory: its raw offsets), while the first half is still flowing.
  await eventually(
    () => groupCommitted(kafka, `${groupPrefix}-normalize`, topics.rawAccess),
    (n) => n > 0,
    { intervalMs: 50, what: 'score progress' },
  );
  current.child.kill('SIGKILL');
  expect(await current.exited).toBe('SIGKILL');
  phase('killed');

  // The second half arrives while tokenwatch is down.
  await produce(kafka, topics.rawAccess, records(HALF, HALF));
  phase('second half produced');
  current = await startTokenwatchUp(env);
  phase('up again');
  await pipelineCaughtUp(drill, () => current);
  phase('caught up');
  current.child.kill('SIGINT');
  expect(await current.exited).toBe(0);
  expect(current.output()).toContain('stopped');
  current = undefined;

  const ch = await createClickHouse({ dataPath: join(home, 'clickhouse'), database });
  try {
    expect(await countAccessEvents(ch, { final: true })).toBe(2 * HALF);
    expect(await countDistinctEventIds(ch)).toBe(2 * HALF);
    phase(`rows stored before merge (redelivered duplicates included): ${await countAccessEvents(ch)}`);
    await ch.client.command({ query: `OPTIMIZE TABLE ${ch.database}.access_events FINAL` });
    expect(await countAccessEvents(ch)).toBe(2 * HALF);
  } finally {
    await ch.close();
  }
});
