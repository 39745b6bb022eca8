import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { countAccessEvents, countDistinctEventIds, createClickHouse } from '@tokenwatch/clickhouse';
import { ensureTopics } from '@tokenwatch/kafka';
import { PD_KEY, pagerDutyPages, startReceivers, type Receivers } from '@tokenwatch/notifier/testing';
import { eventually } from './support/eventually';
import { groupCommitted, groupLag, testKafka } from './support/kafka-io';
import { runCli } from './support/run-cli';
import { readWholeTopic } from './support/topic-dump';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * Crash-consistent detection and scale-out: the same simulated traffic goes through `tokenwatch up`
 * undisturbed; through `up` killed with SIGKILL `TOKENWATCH_DRILL_KILLS` times (default 3; the chaos
 * script runs 10) while it works, restarted each time; through three `tokenwatch run ingest`
 * processes in one consumer group, one of them killed mid-stream; and through `up` with the events
 * topic between normalize and score (`up` scores in memory by default), killed twice. Every run must raise the same alerts,
 * and the killed `up` must page PagerDuty for the same incidents as the undisturbed one.
 */
const KILLS = Number(process.env.TOKENWATCH_DRILL_KILLS ?? 3);
const run = randomBytes(4).toString('hex');
const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const homes: string[] = [];
const FINGERPRINT_KEY = randomBytes(32).toString('hex');
let current: TokenwatchProcess | undefined;
const scorers: TokenwatchProcess[] = [];
let want: string[] = [];
let produced = 0;
let receivers: Receivers;
/** The PagerDuty events of the undisturbed run: its incidents (dedup keys) are what the killed run must page. */
let wantIncidents: string[] = [];
const started = Date.now();
const phase = (what: string) => process.stderr.write(`state-changelog +${Date.now() - started} ms: ${what}\n`);

beforeAll(async () => {
  receivers = await startReceivers();
});

afterAll(async () => {
  await receivers?.close();
  current?.child.kill('SIGKILL');
  for (const scorer of scorers) scorer.child.kill('SIGKILL');
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function setting(name: string, extraEnv: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), `tokenwatch-changelog-${name}-`));
  homes.push(home);
  const dataOf = (member: string) => join(home, member);
  const prefix = `changelog-${name}-${run}`;
  return {
    topics: topicNames(prefix),
    prefix,
    dataOf,
    env: {
      ...upEnv({ brokers, home, prefix }),
      // One key for both runs: the same tokens get the same fingerprints, partitions and alert ids.
      TOKENWATCH_FINGERPRINT_KEY: FINGERPRINT_KEY,
      TOKENWATCH_PAGERDUTY_ROUTING_KEY: PD_KEY,
      TOKENWATCH_PAGERDUTY_URL: `${receivers.pagerduty.url}/v2/enqueue`,
      ...extraEnv,
    },
  };
}

/** Fixed traffic: 40 tokens over 4 days from a fixed start, its attacks included, on one raw partition (in order). */
async function simulateInto(s: ReturnType<typeof setting>): Promise<number> {
  await ensureTopics(kafka, [
    { topic: s.topics.rawAccess, partitions: 1 },
    { topic: s.topics.events, partitions: 3 },
  ]);
  const out = await runCli(
    ['simulate', '--tokens', '40', '--days', '4', '--seed', 'e2e-changelog', '--format', 'kong', '--kafka', '--start', '2026-11-24T00:00:00Z'],
    s.env,
  );
  expect(out.code, out.stderr).toBe(0);
  return Number(/: (\d+) events to Kafka topic/.exec(out.stdout)?.[1]);
}

/** Both consumer groups caught up; with `notify`, also up's notifier (its deliveries done). */
async function drained(s: ReturnType<typeof setting>, { notify = false } = {}): Promise<void> {
  const notifyLag = async () => (notify ? groupLag(kafka, `${s.prefix}-notify`, s.topics.alerts) : 0);
  await eventually(
    async () =>
      (await groupLag(kafka, `${s.prefix}-normalize`, s.topics.rawAccess)) +
      (await groupLag(kafka, `${s.prefix}-score`, s.topics.events)) +
      (await notifyLag()),
    (lag) => lag === 0,
    { timeoutMs: 300_000, intervalMs: 1_000, what: 'tokenwatch up caught up' },
  );
}

const described = new Map<string, string>();
/** PagerDuty events received since `from`: the incidents triggered, and triggers repeated with identical content. */
function pages(from: number) {
  const events = receivers.pagerduty.requests.slice(from).filter((r) => r.status === 202);
  const triggers = events.filter((r) => (r.json as { event_action?: string }).event_action === 'trigger');
  const seen = new Set<string>();
  let repeated = 0;
  for (const t of triggers) {
    const body = JSON.stringify(t.json);
    if (seen.has(body)) repeated++;
    seen.add(body);
  }
  const incidents = [...new Set(triggers.map((t) => (t.json as { dedup_key: string }).dedup_key))].sort();
  return { incidents, repeated, triggers: triggers.length, open: pagerDutyPages(events).open.length };
}

async function alertIds(s: ReturnType<typeof setting>): Promise<string[]> {
  const alerts = (await readWholeTopic(kafka, s.topics.alerts)).map(
    (m) => JSON.parse(m.value!.toString('utf8')) as { id: string; token: { fp: string }; window: { start: number }; signals: Array<{ type: string }> },
  );
  for (const a of alerts)
    described.set(a.id, `${a.token.fp.slice(0, 8)} from ${new Date(a.window.start).toISOString()}: ${a.signals.map((x) => x.type).join('+')}`);
  return [...new Set(alerts.map((a) => a.id))].sort();
}

/**
 * `up` on `s` (its traffic produced), killed with SIGKILL `kills` times once `progress()` (committed
 * records) passed k/(kills+1) of the traffic, restarted each time, then drained and stopped. Checks
 * that every event is stored once and returns the alert ids, after printing how they differ from `want`.
 */
async function killedRun(s: ReturnType<typeof setting>, kills: number, progress: () => Promise<number>): Promise<string[]> {
  current = await startTokenwatchUp(s.env);
  for (let k = 1; k <= kills; k++) {
    // Kill once about k/(kills+1) of the records are committed, while it is busy.
    const goal = Math.floor((produced * k) / (kills + 1));
    await eventually(progress, (n) => n >= goal, { timeoutMs: 300_000, intervalMs: 100, what: `progress ${goal}` });
    current.child.kill('SIGKILL');
    expect(await current.exited).toBe('SIGKILL');
    phase(`${s.prefix}: kill ${k} at ${await progress()} committed records`);
    current = await startTokenwatchUp(s.env);
  }
  await drained(s, { notify: true });
  current.child.kill('SIGINT');
  expect(await current.exited).toBe(0);
  current = undefined;
  // Every event once, across all the restarts (at-least-once delivery, deterministic ids, FINAL).
  const ch = await createClickHouse({ dataPath: join(s.env.TOKENWATCH_HOME, 'clickhouse'), database: s.env.CLICKHOUSE_DATABASE });
  try {
    const [final, distinct] = [await countAccessEvents(ch, { final: true }), await countDistinctEventIds(ch)];
    phase(`${s.prefix}: stored ${final} events under FINAL, ${distinct} distinct ids, of ${produced}`);
    expect([final, distinct]).toEqual([produced, produced]);
  } finally {
    await ch.close();
  }
  const got = await alertIds(s);
  const missing = want.filter((id) => !got.includes(id)).map((id) => described.get(id));
  const extra = got.filter((id) => !want.includes(id)).map((id) => described.get(id));
  phase(
    `${s.prefix}: killed ${kills} times: ${got.length} alerts; missing ${missing.length} ${JSON.stringify(missing)}, extra ${extra.length} ${JSON.stringify(extra)}`,
  );
  return got;
}

it(`raises the same alerts when killed ${KILLS} times mid-stream as when left alone`, { timeout: 900_000 }, async () => {
  const clean = setting('clean');
  produced = await simulateInto(clean);
  expect(produced).toBeGreaterThan(10_000);
  const cleanPagesFrom = receivers.pagerduty.requests.length;
  current = await startTokenwatchUp(clean.env);
  await drained(clean, { notify: true });
  current.child.kill('SIGINT');
  expect(await current.exited).toBe(0);
  want = await alertIds(clean);
  const cleanPages = pages(cleanPagesFrom);
  wantIncidents = cleanPages.incidents;
  phase(`undisturbed run paged ${cleanPages.incidents.length} incidents (${cleanPages.triggers} triggers)`);
  phase(`undisturbed run: ${produced} records, ${want.length} alerts`);
  expect(want.length).toBeGreaterThan(10);

  const killed = setting('killed');
  expect(await simulateInto(killed)).toBe(produced);
  const killedPagesFrom = receivers.pagerduty.requests.length;
  // up scores in memory: its raw offsets are committed once a batch is stored and its state written.
  const got = await killedRun(killed, KILLS, () => groupCommitted(kafka, `${killed.prefix}-normalize`, killed.topics.rawAccess));
  const killedPages = pages(killedPagesFrom);
  phase(
    `killed run paged ${killedPages.incidents.length} incidents, the undisturbed one ${wantIncidents.length} (${killedPages.triggers} triggers, ${killedPages.repeated} repeated with identical content, deduplicated by their dedup_key)`,
  );
  const stateRecords = await readWholeTopic(kafka, killed.topics.tokenState);
  expect(stateRecords.length).toBeGreaterThan(0);
  expect(got).toEqual(want);
  // A page is an incident (one PagerDuty alert per dedup key, i.e. per token and route). Which
  // incidents get paged depends on timing, not on the detector: a notifier that reads an incident's
  // trigger and its resolve in one batch (a backlog; 4 simulated days pass in seconds here) says
  // nothing about an incident already over. So: every page is about a token that alerted. Triggers sent
  // twice with the same content are printed (the drill's figure): a kill between a PagerDuty send and
  // its record sends it again on purpose, under the same dedup key, so PagerDuty opens no second incident.
  const alertedTokens = new Set([...described.values()].map((d) => d.split(' ')[0]));
  expect(killedPages.incidents.filter((key) => !alertedTokens.has(key.split('/').pop()!.slice(0, 8)))).toEqual([]);
});

it(
  'three scorers in one group, one killed with SIGKILL mid-stream: the survivors take over its partitions with their state, nothing is lost, the same alerts',
  { timeout: 600_000 },
  async () => {
    expect(want.length).toBeGreaterThan(10);
    const group = setting('group');
    await ensureTopics(kafka, [
      { topic: group.topics.rawAccess, partitions: 1 },
      { topic: group.topics.events, partitions: 3 },
    ]);
    // Each member has its own chDB folder (one process per folder); the state they share lives in Kafka.
    for (const member of ['a', 'b', 'c']) {
      scorers.push(await startTokenwatchUp({ ...group.env, TOKENWATCH_HOME: group.dataOf(member) }, 120_000, ['run', 'ingest', '--migrate']));
    }
    phase('three run ingest members up');
    expect(await simulateInto(group)).toBe(produced);
    const goal = Math.floor(produced / 3);
    await eventually(
      () => groupCommitted(kafka, `${group.prefix}-score`, group.topics.events),
      (n) => n >= goal,
      { timeoutMs: 300_000, intervalMs: 100, what: `score progress ${goal}` },
    );
    const victim = scorers[0]!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    phase(`member a killed at ${await groupCommitted(kafka, `${group.prefix}-score`, group.topics.events)} committed events`);
    await drained(group);
    for (const survivor of scorers.slice(1)) {
      survivor.child.kill('SIGINT');
      expect(await survivor.exited).toBe(0);
    }
    const stored = new Set<string>();
    for (const member of ['a', 'b', 'c']) {
      const ch = await createClickHouse({ dataPath: join(group.dataOf(member), 'clickhouse'), database: group.env.CLICKHOUSE_DATABASE });
      try {
        const rs = await ch.client.query({ query: `SELECT id FROM ${ch.database}.access_events`, format: 'JSONEachRow' });
        for (const row of await rs.json<{ id: string }>()) stored.add(row.id);
      } finally {
        await ch.close();
      }
    }
    const got = await alertIds(group);
    const missing = want.filter((id) => !got.includes(id)).map((id) => described.get(id));
    const extra = got.filter((id) => !want.includes(id)).map((id) => described.get(id));
    phase(
      `three members, one killed: ${stored.size} distinct events stored of ${produced} produced, ${got.length} alerts; missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`,
    );
    expect(stored.size).toBe(produced);
    expect(got).toEqual(want);
  },
);

it(
  'through the events topic (TOKENWATCH_EVENTS_HOP=kafka), killed twice mid-stream: every event stored once, the same alerts',
  { timeout: 600_000 },
  async () => {
    expect(want.length).toBeGreaterThan(10);
    const keyed = setting('keyed', { TOKENWATCH_EVENTS_HOP: 'kafka' });
    expect(await simulateInto(keyed)).toBe(produced);
    const got = await killedRun(keyed, 2, () => groupCommitted(kafka, `${keyed.prefix}-score`, keyed.topics.events));
    expect((await readWholeTopic(kafka, keyed.topics.tokenState)).length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  },
);
