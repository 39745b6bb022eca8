import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Alert } from '@tokenwatch/contracts';
import { createClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { produce } from './support/kafka-io';
import { kongRecord } from './support/kong-records';
import { readWholeTopic } from './support/topic-dump';
import { drillSetup, pipelineCaughtUp } from './support/drill-setup';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * The real detector inside `tokenwatch up`, on the broker and chDB: a token learns its baseline, the
 * process stops; started again it still knows the token (a use from another country alerts at once,
 * which a token still learning would not do); killed with SIGKILL after that alert and started again,
 * more of the same attack raises no second alert, and no event of the baseline is lost.
 */
const drill = drillSetup('baselines', { partitions: 2 });
const { run, home, kafka, topics, database, env } = drill;
const apikey = `sk_live_${randomBytes(12).toString('hex')}`;
const HOUR = 3_600_000;
const HISTORY = 240;
const now = Date.now();
/** Three days of steady use from one US address, ending two hours ago. */
const history = Array.from({ length: HISTORY }, (_, i) =>
  JSON.stringify(
    kongRecord({ requestId: `h-${run}-${i}`, startedAt: now - 74 * HOUR + i * ((72 * HOUR) / HISTORY), status: 200, apikey, clientIp: '8.8.8.8' }),
  ),
);
/** The same key from Moscow, `count` requests from `at`, two seconds apart. */
const fromMoscow = (tag: string, at: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(kongRecord({ requestId: `${tag}-${run}-${i}`, startedAt: at + i * 2_000, status: 200, apikey, clientIp: '5.16.0.10' })),
  );

let current: TokenwatchProcess | undefined;
afterAll(async () => {
  current?.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

const caughtUp = () => pipelineCaughtUp(drill, () => current, { intervalMs: 300 });

async function stop(signal: 'SIGINT' | 'SIGKILL'): Promise<void> {
  current!.child.kill(signal);
  expect(await current!.exited).toBe(signal === 'SIGINT' ? 0 : 'SIGKILL');
  current = undefined;
}

/** The token's stored baseline, read while no tokenwatch process holds the chDB folder. */
async function storedBaseline(): Promise<{ events: number; learning: string; countries: string[]; reason: string } | undefined> {
  const ch = await createClickHouse({ dataPath: join(home, 'clickhouse'), database });
  try {
    const rs = await ch.client.query({ query: `SELECT events, learning, countries, reason FROM ${database}.token_baselines FINAL`, format: 'JSONEachRow' });
    const rows = await rs.json<{ events: string | number; learning: string; countries: string[]; reason: string }>();
    expect(rows.length).toBeLessThanOrEqual(1);
    return rows[0] && { ...rows[0], events: Number(rows[0].events) };
  } finally {
    await ch.close();
  }
}

async function firingAlerts(): Promise<Alert[]> {
  const messages = await readWholeTopic(kafka, topics.alerts, 20_000);
  return messages.map((m) => Alert.parse(JSON.parse(m.value?.toString('utf8') ?? 'null'))).filter((a) => a.state === 'firing');
}

it('restores baselines after a restart and a SIGKILL: no re-learning, no second alert, no lost events', { timeout: 300_000 }, async () => {
  // One raw partition keeps the token's records in order through normalization.
  await ensureTopics(kafka, [{ topic: topics.rawAccess, partitions: 1 }]);
  await produce(kafka, topics.rawAccess, history);
  current = await startTokenwatchUp(env);
  await caughtUp();
  await stop('SIGINT');
  const learned = await storedBaseline();
  expect(learned).toMatchObject({ events: HISTORY, learning: 'active', countries: ['US'], reason: 'shutdown' });

  // Restarted, it knows the token: the first use from Moscow is an alert.
  current = await startTokenwatchUp(env);
  await produce(kafka, topics.rawAccess, fromMoscow('a', now - 30 * 60_000, 10));
  await caughtUp();
  const first = await eventually(firingAlerts, (alerts) => alerts.length > 0, { timeoutMs: 30_000, what: 'an alert on the alerts topic' });
  expect(first.flatMap((a) => a.signals.map((s) => s.type))).toContain('new_country');
  expect(['medium', 'high', 'critical']).toContain(first[0]!.severity);

  // Killed without a chance to save anything more; the attack goes on while it is down.
  await stop('SIGKILL');
  await produce(kafka, topics.rawAccess, fromMoscow('b', now - 25 * 60_000, 10));
  current = await startTokenwatchUp(env);
  await caughtUp();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect((await firingAlerts()).map((a) => a.id)).toEqual(first.map((a) => a.id));
  await stop('SIGINT');

  const after = await storedBaseline();
  expect(after?.learning).toBe('active');
  expect(after?.countries.sort()).toEqual(['RU', 'US']);
  expect(after?.events).toBe(HISTORY + 20);
});
