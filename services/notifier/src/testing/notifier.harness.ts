import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@tokenwatch/observability';
import { createMemoryDeadLetterSink } from '../delivery/dead-letter.sink';
import { loadNotifierConfig, type NotifierConfig } from '../notifier.config';
import { checkPagerDutyEvent, checkSignedAlertWebhook, checkSlackPayload } from './contract-checks';
import { startReceiver, type Receiver } from './http-receiver';

export const PD_KEY = 'R0UT1NGKEY0123456789abcdef012345';
export const WEBHOOK_SECRET = 'webhook-secret-0123456789';

export interface Receivers {
  slack: Receiver;
  pagerduty: Receiver;
  webhook: Receiver;
  kong: Receiver;
  close(): Promise<void>;
  reset(): void;
  problems(): string[];
}

/** Local Slack, PagerDuty, webhook and Kong Admin receivers that check their contracts. */
export async function startReceivers(): Promise<Receivers> {
  const slack = await startReceiver({ respond: { status: 200, body: 'ok' }, validate: (r) => checkSlackPayload(r.json) });
  const pagerduty = await startReceiver({ respond: { status: 202, body: '{"status":"success"}' }, validate: (r) => checkPagerDutyEvent(r.json, PD_KEY) });
  const webhook = await startReceiver({ respond: { status: 200 }, validate: (r) => checkSignedAlertWebhook(r, WEBHOOK_SECRET) });
  const kong = await startReceiver({ respond: { status: 204 } });
  const all = [slack, pagerduty, webhook, kong];
  return {
    slack,
    pagerduty,
    webhook,
    kong,
    close: async () => {
      await Promise.all(all.map((r) => r.close()));
    },
    reset() {
      for (const r of all) {
        r.requests.length = 0;
        r.problems.length = 0;
      }
    },
    problems: () => all.flatMap((r) => r.problems),
  };
}

/** Environment pointing every transport at the receivers; `routing` is written to a temp file. */
export function receiverEnv(r: Receivers, routing?: unknown, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-notifier-'));
  const env: Record<string, string> = {
    TOKENWATCH_HOME: dir,
    TOKENWATCH_SLACK_WEBHOOK_URL: `${r.slack.url}/services/T000/B000/XXXX`,
    TOKENWATCH_PAGERDUTY_ROUTING_KEY: PD_KEY,
    TOKENWATCH_PAGERDUTY_URL: `${r.pagerduty.url}/v2/enqueue`,
    TOKENWATCH_WEBHOOK_URL: `${r.webhook.url}/tokenwatch`,
    TOKENWATCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TOKENWATCH_OCSF_FILE: join(dir, 'findings.ocsf.ndjson'),
    TOKENWATCH_KONG_ADMIN_URL: r.kong.url,
    TOKENWATCH_NOTIFY_TIMEOUT_MS: '300',
    TOKENWATCH_NOTIFY_MAX_ATTEMPTS: '4',
    // Tests of the attempt limit; outage tests set their own.
    TOKENWATCH_NOTIFY_RETRY_FOR: '0',
    ...extra,
  };
  if (routing !== undefined) {
    env.TOKENWATCH_ROUTING_FILE = join(dir, 'routing.json');
    writeFileSync(env.TOKENWATCH_ROUTING_FILE, JSON.stringify(routing));
  }
  return env;
}

export function harnessParts(config: NotifierConfig) {
  return { config, log: createLogger({ name: 'notifier-test', level: 'silent' }), deadLetters: createMemoryDeadLetterSink() };
}

export const loadConfig = (env: Record<string, string>): NotifierConfig => loadNotifierConfig(env);
