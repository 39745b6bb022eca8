import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { ensureTopics } from '@tokenwatch/kafka';
import { notificationsDlqTopic } from '@tokenwatch/notifier';
import { makeAlert, PD_KEY, pagerDutyPages, startReceivers, type Receivers } from '@tokenwatch/notifier/testing';
import { eventually } from './support/eventually';
import { groupLag, produce, readTopic, testKafka } from './support/kafka-io';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * `tokenwatch run notifier` is killed with SIGKILL the moment the Slack and PagerDuty receivers got
 * their requests (before they answer), then started again on the same state folder: the redelivered
 * alert must not reach Slack a second time nor open a second PagerDuty incident.
 */
const run = randomBytes(4).toString('hex');
const prefix = `kill-notify-${run}`;
const topics = topicNames(prefix);
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-kill-notify-'));
const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
let r: Receivers;
let current: TokenwatchProcess | undefined;

const env = () => ({
  ...upEnv({ brokers, home, prefix, partitions: 1 }),
  TOKENWATCH_SLACK_WEBHOOK_URL: `${r.slack.url}/services/T000/B000/XXXX`,
  TOKENWATCH_PAGERDUTY_ROUTING_KEY: PD_KEY,
  TOKENWATCH_PAGERDUTY_URL: `${r.pagerduty.url}/v2/enqueue`,
  TOKENWATCH_REVOCATION_MODE: 'disabled',
  TOKENWATCH_ROUTING_FILE: join(home, 'routing.json'),
});
const startNotifier = async () => (current = await startTokenwatchUp(env(), 90_000, ['run', 'notifier']));
const alert = makeAlert({ id: `k1-${run}`, ts: Date.now() });

beforeAll(async () => {
  r = await startReceivers();
  writeFileSync(join(home, 'routing.json'), JSON.stringify({ version: 1, routes: [{ name: 'oncall', to: ['slack', 'pagerduty'] }] }));
  await ensureTopics(kafka, [{ topic: topics.alerts, partitions: 1 }]);
});

afterAll(async () => {
  current?.child.kill('SIGKILL');
  await r?.close();
  rmSync(home, { recursive: true, force: true });
});

it('a SIGKILL between the receivers getting the message and the notifier recording it sends nothing twice', { timeout: 240_000 }, async () => {
  await startNotifier();
  r.slack.script({ status: 200, body: 'ok', delayMs: 10_000 });
  r.pagerduty.script({ status: 202, body: '{"status":"success"}', delayMs: 10_000 });
  const arrived = Promise.all([r.slack.nextRequest(), r.pagerduty.nextRequest()]);
  await produce(kafka, topics.alerts, [JSON.stringify(alert)]);
  await arrived;
  current!.child.kill('SIGKILL');
  expect(await current!.exited).toBe('SIGKILL');

  await startNotifier();
  await eventually(
    () => groupLag(kafka, `${prefix}-notify`, topics.alerts),
    (lag) => lag === 0,
    { timeoutMs: 60_000, what: 'the redelivered alert committed' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nnotifier output:\n${current?.output().slice(-3000)}`);
  });
  const pd = pagerDutyPages(r.pagerduty.requests);
  process.stderr.write(
    `notifier-kill: after SIGKILL and restart: slack messages ${r.slack.requests.length}, pagerduty triggers ${r.pagerduty.requests.length}, pages ${pd.pages}\n`,
  );
  expect(r.slack.requests).toHaveLength(1);
  // PagerDuty got the trigger again (it cannot be known whether the first arrived): same dedup_key, one incident.
  expect(pagerDutyPages(r.pagerduty.requests)).toMatchObject({ pages: 1, deduplicated: 1 });
  const [letter] = await readTopic(kafka, notificationsDlqTopic(prefix), 1);
  expect(JSON.parse(letter!.value)).toMatchObject({ transport: 'slack', alerts: [{ id: alert.id }] });
  expect(letter!.headers['tw-dlq-reason']).toMatch(/^in doubt/);

  // The alert resolves: Slack gets its resolve (the first message may have been shown), PagerDuty closes the incident.
  await produce(kafka, topics.alerts, [JSON.stringify({ ...alert, state: 'resolved' })]);
  await eventually(
    async () => r.slack.requests.length,
    (n) => n === 2,
    { what: 'the Slack resolve' },
  );
  await eventually(
    async () => pagerDutyPages(r.pagerduty.requests).open,
    (open) => open.length === 0,
    { what: 'the PagerDuty resolve' },
  );
  expect(r.problems()).toEqual([]);
  current!.child.kill('SIGINT');
  expect(await current!.exited).toBe(0);
  current = undefined;
});
