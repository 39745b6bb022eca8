import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DlqHeaders, topicNames, type Alert } from '@tokenwatch/contracts';
import { createClickHouse, listRevocationAudit, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { createKafka, createProducer, ensureTopics, type MessageProducer } from '@tokenwatch/kafka';
import { loadNotifierConfig, notificationsDlqTopic, startNotifier, type RunningNotifier } from '@tokenwatch/notifier';
import { FP_1, FP_2, makeAlert, receiverEnv, startReceivers, type Receivers } from '@tokenwatch/notifier/testing';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { eventually } from './support/eventually';
import { groupLag, readTopic, testKafka } from './support/kafka-io';

/**
 * Alerts on the real broker -> notifier service -> local Slack, PagerDuty, webhook and Kong
 * receivers; the ledger and the revocation audit in the embedded ClickHouse.
 */
const run = randomBytes(4).toString('hex');
const prefix = `e2e-notify-${run}`;
const topics = topicNames(prefix);
const groupId = `${prefix}-notify`;
const dataDir = mkdtempSync(join(tmpdir(), 'tokenwatch-e2e-notify-'));
const kafka = testKafka(inject('kafkaBrokers'));
let r: Receivers;
let ch: ClickHouse;
let producer: MessageProducer;
let notifier: RunningNotifier;

const routing = {
  version: 1,
  defaults: { groupWindow: '2s', repeatInterval: '1h' },
  routes: [{ name: 'oncall', to: ['slack', 'pagerduty', 'webhook'] }],
  tokens: { [FP_2]: { consumer: 'acme', credentialId: 'cred-2' } },
  revocation: { minSeverity: 'critical', minScore: 0.9, signals: ['auth_failures'], maxPerHour: 3 },
};
const now = Date.now();
const a1 = makeAlert({ id: `a1-${run}`, ts: now });
const a2 = makeAlert({ id: `a2-${run}`, ts: now, severity: 'medium' });
const b1 = makeAlert({
  id: `b1-${run}`,
  ts: now,
  token: { fp: FP_2, hint: 'cred-2' },
  severity: 'critical',
  score: 0.97,
  signals: [{ type: 'auth_failures', score: 0.97, observed: 50, expected: 2, detail: '50 failed requests in one minute (baseline 2).' }],
});
const send = (alerts: Array<Alert | string>) =>
  producer.send(
    topics.alerts,
    alerts.map((a) => (typeof a === 'string' ? { key: null, value: a } : { key: a.token.fp, value: JSON.stringify(a) })),
  );
const pd = () => r.pagerduty.requests.map((q) => q.json as { event_action: string; dedup_key: string });

beforeAll(async () => {
  r = await startReceivers();
  ch = await createClickHouse({ dataPath: dataDir, database: `e2e_notify_${run}` });
  await migrate(ch);
  const config = loadNotifierConfig({
    ...receiverEnv(r, routing),
    TOKENWATCH_TOPIC_PREFIX: prefix,
    TOKENWATCH_GROUP_PREFIX: prefix,
    TOKENWATCH_REVOCATION_MODE: 'enforce',
    TOKENWATCH_NOTIFY_TIMEOUT_MS: '2000',
  });
  await ensureTopics(kafka, [{ topic: topics.alerts, partitions: 3 }]);
  producer = await createProducer(createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'e2e-notify-producer' }));
  r.pagerduty.script({ status: 500 }); // the first PagerDuty call fails: the alert must not be lost
  notifier = await startNotifier({
    kafka: createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'e2e-notifier' }),
    clickhouse: ch,
    config,
    registry: createMetricsRegistry({ defaultMetrics: false }),
    log: createLogger({ name: 'e2e-notifier', level: 'warn' }),
    partitions: 3,
    tickMs: 200,
  });
  await send([a1, a2, b1, '{"not": "an alert"']);
});

afterAll(async () => {
  await notifier?.stop();
  await producer?.disconnect();
  await ch?.close();
  await r?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('alerts topic -> notifier -> receivers', () => {
  it('pages each token once, through a 500, and revokes the critical one exactly once at Kong', async () => {
    await eventually(
      async () => pd().filter((e) => e.event_action === 'trigger').length,
      (n) => n >= 2,
      { what: 'two PagerDuty triggers' },
    );
    await eventually(
      async () => r.kong.requests.length,
      (n) => n >= 1,
      { what: 'the Kong call' },
    );
    await eventually(
      async () => r.webhook.requests.length,
      (n) => n >= 3,
      { what: 'three webhooks' },
    );
    expect(new Set(pd().map((e) => e.dedup_key))).toEqual(new Set([`tokenwatch/oncall/${FP_1}`, `tokenwatch/oncall/${FP_2}`]));
    expect(r.kong.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['DELETE /consumers/acme/key-auth/cred-2']);
    expect(r.problems()).toEqual([]);
  });

  it('dead-letters a message that is not Alert v1, with the reason', async () => {
    const [letter] = await readTopic(kafka, notificationsDlqTopic(prefix), 1);
    expect(letter!.value).toBe('{"not": "an alert"');
    expect(letter!.headers[DlqHeaders.reason]).toBe('invalid JSON');
  });

  it('a redelivered alert pages nobody twice; resolves use the trigger’s dedup_key; offsets are committed', async () => {
    await eventually(
      () => groupLag(kafka, groupId, topics.alerts),
      (lag) => lag === 0,
      { what: 'the first batch committed' },
    );
    const before = { kong: r.kong.requests.length, hooks: r.webhook.requests.length };
    await send([b1, { ...a1, state: 'resolved' }, { ...a2, state: 'resolved' }]);
    await eventually(
      async () => pd().filter((e) => e.event_action === 'resolve').length,
      (n) => n >= 1,
      { what: 'a PagerDuty resolve' },
    );
    expect(
      pd()
        .filter((e) => e.event_action === 'resolve')
        .map((e) => e.dedup_key),
    ).toEqual([`tokenwatch/oncall/${FP_1}`]);
    // Accepted triggers only: the scripted 500 may have hit this token's first attempt.
    const accepted = r.pagerduty.requests.filter((q) => q.status === 202).map((q) => q.json as { event_action: string; dedup_key: string });
    const fp2Triggers = accepted.filter((e) => e.event_action === 'trigger' && e.dedup_key === `tokenwatch/oncall/${FP_2}`);
    expect(fp2Triggers).toHaveLength(1);
    expect(r.kong.requests.length).toBe(before.kong);
    await eventually(
      () => groupLag(kafka, groupId, topics.alerts),
      (lag) => lag === 0,
      { what: 'committed offsets' },
    );
    expect(r.webhook.requests.length).toBe(before.hooks + 2);
  });

  it('keeps the audit trail in ClickHouse', async () => {
    const rows = await listRevocationAudit(ch, { limit: 20 });
    expect(rows.filter((row) => row.alert_id === b1.id).map((row) => row.outcome)).toEqual(['revoked', 'pending']);
    expect(rows.filter((row) => row.alert_id !== b1.id).every((row) => row.outcome === 'skipped')).toBe(true);
  });
});
