import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { createClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { groupCommitted, groupLag, produce, testKafka } from './support/kafka-io';
import { runCli } from './support/run-cli';
import { messageContains, readWholeTopic } from './support/topic-dump';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * The writer role: two scorers (`run ingest --role normalize,score` with
 * TOKENWATCH_ANALYTICS_WRITER=separate, each with its own home and chDB) in one consumer group, and
 * one `run ingest --role store` process that owns the analytics database. Simulated traffic from a
 * fixed start; one scorer is killed with SIGKILL mid-stream. Every event must be stored exactly once
 * in the store's database, its alerts table must hold exactly the alert ids of the alerts topic, and
 * the scorers' databases no events or alerts at all. A poison record on the alerts topic goes to the
 * events DLQ with its reason, and the store goes on.
 */
const run = randomBytes(4).toString('hex');
const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const root = mkdtempSync(join(tmpdir(), 'tokenwatch-writer-'));
const prefix = `writer-${run}`;
const topics = topicNames(prefix);
const database = `writer_${run}`;
const homeOf = (member: string) => join(root, member);
const processes: TokenwatchProcess[] = [];
const started = Date.now();
const phase = (what: string) => process.stderr.write(`writer-role +${Date.now() - started} ms: ${what}\n`);
const POISON = `not an alert ${run}`;

const env = (member: string, extra: Record<string, string> = {}) => ({
  ...upEnv({ brokers, home: homeOf(member), prefix, database }),
  TOKENWATCH_FINGERPRINT_KEY: 'writer-role-e2e-fingerprint-key-0123456789',
  ...extra,
});

afterAll(() => {
  for (const p of processes) p.child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function query<T>(member: string, sql: string): Promise<T[]> {
  const ch = await createClickHouse({ dataPath: join(homeOf(member), 'clickhouse'), database });
  try {
    const rs = await ch.client.query({ query: sql.replaceAll('{db}', ch.database), format: 'JSONEachRow' });
    return await rs.json<T>();
  } finally {
    await ch.close();
  }
}

const lagOf = async (group: string, topic: string) => groupLag(kafka, `${prefix}-${group}`, topic);
const caughtUp = (who: string, lag: () => Promise<number>) =>
  eventually(lag, (left) => left === 0, { timeoutMs: 300_000, intervalMs: 1_000, what: `${who} caught up` });

it(
  'scorers without ClickHouse writes, one killed mid-stream, and one store process: every event stored once, the alerts of the alerts topic',
  { timeout: 600_000 },
  async () => {
    await ensureTopics(kafka, [
      { topic: topics.rawAccess, partitions: 1 },
      { topic: topics.events, partitions: 3 },
      { topic: topics.alerts, partitions: 3 },
    ]);
    // Sequential starts: several tsx processes starting at once crowd a 2-core machine.
    const store = await startTokenwatchUp(env('store'), 120_000, ['run', 'ingest', '--migrate', '--role', 'store']);
    processes.push(store);
    expect(store.output()).toMatch(/ingest: store consumers; the store consumer writes events and alerts to ClickHouse/);
    const scorers: TokenwatchProcess[] = [];
    for (const member of ['a', 'b']) {
      const scorer = await startTokenwatchUp(env(member, { TOKENWATCH_ANALYTICS_WRITER: 'separate' }), 120_000, [
        'run',
        'ingest',
        '--migrate',
        '--role',
        'normalize,score',
      ]);
      expect(scorer.output()).toMatch(/ingest: normalize \+ score consumers; events and alerts are left to a "run ingest --role store" process/);
      scorers.push(scorer);
      processes.push(scorer);
    }
    phase('store and two scorers up');

    await produce(kafka, topics.alerts, [POISON]);
    const out = await runCli(
      ['simulate', '--tokens', '40', '--days', '4', '--seed', 'e2e-changelog', '--format', 'kong', '--kafka', '--start', '2026-11-24T00:00:00Z'],
      env('simulate'),
    );
    expect(out.code, out.stderr).toBe(0);
    const produced = Number(/: (\d+) events to Kafka topic/.exec(out.stdout)?.[1]);
    expect(produced).toBeGreaterThan(10_000);

    const goal = Math.floor(produced / 3);
    await eventually(
      () => groupCommitted(kafka, `${prefix}-score`, topics.events),
      (n) => n >= goal,
      { timeoutMs: 300_000, intervalMs: 100, what: `score progress ${goal}` },
    );
    const victim = scorers[0]!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const killedAt = await groupCommitted(kafka, `${prefix}-score`, topics.events);
    const storedAtKill = await groupCommitted(kafka, `${prefix}-store`, topics.events);
    phase(`scorer a killed at ${killedAt} of ${produced} scored events (the store had committed ${storedAtKill})`);

    await caughtUp('the surviving scorer', async () => (await lagOf('normalize', topics.rawAccess)) + (await lagOf('score', topics.events)));
    // The scorer stops first: after that no alert is published, and the store drains both topics.
    scorers[1]!.child.kill('SIGINT');
    expect(await scorers[1]!.exited).toBe(0);
    await caughtUp('the store', async () => (await lagOf('store', topics.events)) + (await lagOf('store', topics.alerts)));
    store.child.kill('SIGINT');
    expect(await store.exited).toBe(0);

    const onTopic = (await readWholeTopic(kafka, topics.alerts)).filter((m) => m.value?.toString('utf8') !== POISON);
    const topicIds = [...new Set(onTopic.map((m) => (JSON.parse(m.value!.toString('utf8')) as { id: string }).id))].sort();
    const [events] = await query<{ rows: string; ids: string }>('store', 'SELECT count() AS rows, uniqExact(id) AS ids FROM {db}.access_events FINAL');
    const storedIds = (await query<{ id: string }>('store', 'SELECT DISTINCT id FROM {db}.alerts FINAL ORDER BY id')).map((r) => r.id);
    const scorerRows: Record<string, unknown> = {};
    for (const member of ['a', 'b']) {
      const [row] = await query<{ events: number; alerts: number; baselines: number }>(
        member,
        'SELECT toUInt32((SELECT count() FROM {db}.access_events)) AS events, toUInt32((SELECT count() FROM {db}.alerts)) AS alerts, toUInt32((SELECT count() FROM {db}.token_baselines)) AS baselines',
      );
      scorerRows[member] = row;
    }
    const dlq = await readWholeTopic(kafka, topics.eventsDlq);
    const poisoned = dlq.filter((m) => m.value?.toString('utf8') === POISON);
    phase(
      `${produced} produced; store: ${events!.rows} rows under FINAL, ${events!.ids} distinct ids; ${topicIds.length} alert ids on the topic (${onTopic.length} messages), ${storedIds.length} in alerts; scorers' chDB ${JSON.stringify(scorerRows)}; poison dead-lettered ${poisoned.length}x`,
    );

    expect(Number(events!.rows)).toBe(produced);
    expect(Number(events!.ids)).toBe(produced);
    expect(topicIds.length).toBeGreaterThan(10);
    expect(storedIds).toEqual(topicIds);
    // Nothing of the analytics in the scorers' own databases (token_baselines, their fallback copy, stays there).
    for (const member of ['a', 'b']) expect(scorerRows[member]).toMatchObject({ events: 0, alerts: 0 });
    expect(poisoned).toHaveLength(1);
    expect(messageContains(poisoned[0]!, 'invalid JSON')).toBe(true);
    expect(messageContains(poisoned[0]!, topics.alerts)).toBe(true);
  },
);
