import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, homeFields, parseEnv, positiveIntField, topicFields } from '@tokenwatch/config';
import type { RetryPolicy } from '@tokenwatch/common';
import { DEFAULT_RETRY_POLICY } from './delivery/delivery.retrier';
import type { TransportName } from './notifier.types';
import { defaultRouting, loadRoutingFile, RevocationPolicyConfig, type RoutingFile } from './routing/routing-file.schema';
import { PAGERDUTY_DEFAULT_URL } from './transports/pagerduty.events';
import { durationField } from './util/durations';

const blankIsUnset = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const optionalUrl = blankIsUnset(httpUrl.optional());
const optionalText = (min = 1) => blankIsUnset(z.string().min(min, `must be at least ${min} characters`).optional());

export const REVOCATION_MODES = ['disabled', 'log', 'enforce'] as const;
export type RevocationMode = (typeof REVOCATION_MODES)[number];

/** The notifier's own variables, after the shared home and topic fragments of packages/config. */
export const notifierFields = {
  TOKENWATCH_SLACK_WEBHOOK_URL: optionalUrl,
  TOKENWATCH_PAGERDUTY_ROUTING_KEY: blankIsUnset(
    z
      .string()
      .regex(/^\S{1,64}$/, 'must be an integration key (1..64 non-blank chars)')
      .optional(),
  ),
  TOKENWATCH_PAGERDUTY_URL: blankIsUnset(httpUrl.default(PAGERDUTY_DEFAULT_URL)),
  TOKENWATCH_WEBHOOK_URL: optionalUrl,
  TOKENWATCH_WEBHOOK_SECRET: optionalText(16),
  TOKENWATCH_OCSF_TOPIC: blankIsUnset(
    z
      .string()
      .regex(/^[\w.-]+$/, 'must be a Kafka topic name')
      .optional(),
  ),
  TOKENWATCH_OCSF_FILE: optionalText(),
  TOKENWATCH_REVOCATION_MODE: blankIsUnset(z.enum(REVOCATION_MODES).default('log')),
  TOKENWATCH_REVOCATION_URL: optionalUrl,
  TOKENWATCH_REVOCATION_SECRET: optionalText(16),
  TOKENWATCH_KONG_ADMIN_URL: optionalUrl,
  TOKENWATCH_KONG_ADMIN_TOKEN: optionalText(),
  TOKENWATCH_ROUTING_FILE: optionalText(),
  TOKENWATCH_SILENCES_FILE: optionalText(),
  TOKENWATCH_NOTIFY_TIMEOUT_MS: positiveIntField(10_000),
  TOKENWATCH_NOTIFY_MAX_ATTEMPTS: positiveIntField(DEFAULT_RETRY_POLICY.maxAttempts),
  TOKENWATCH_NOTIFY_RETRY_FOR: blankIsUnset(
    z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), durationField).default(DEFAULT_RETRY_POLICY.retryForMs ?? 0),
  ),
};

const NotifierEnv = z.object({ ...homeFields, ...topicFields, ...notifierFields });

export interface NotifierConfig {
  home: string;
  topicPrefix?: string;
  groupPrefix: string;
  slack?: { webhookUrl: string };
  pagerduty?: { routingKey: string; url: string };
  webhook?: { url: string; secret: string };
  ocsf?: { topic: string } | { file: string };
  revocation: {
    mode: RevocationMode;
    http?: { url: string; secret: string };
    kong?: { adminUrl: string; adminToken?: string };
    policy: RevocationPolicyConfig;
    /** True when the routing file has a `revocation` section. */
    explicitPolicy: boolean;
  };
  routing: RoutingFile;
  routingFile?: string;
  silencesFile: string;
  /** TOKENWATCH_SILENCES_FILE is set: `notify` reads silences from that file instead of ClickHouse (offline runs). */
  silencesFileSet: boolean;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** The transports this configuration turns on. */
export function enabledTransports(config: NotifierConfig): Set<TransportName> {
  const on = new Set<TransportName>();
  if (config.slack) on.add('slack');
  if (config.pagerduty) on.add('pagerduty');
  if (config.webhook) on.add('webhook');
  if (config.ocsf) on.add('ocsf');
  return on;
}

/**
 * Reads the notifier's environment (and the routing file it names) once at start. Transports whose
 * variables are unset are off; contradictions fail here, each problem naming its variable.
 */
export function loadNotifierConfig(env: Record<string, string | undefined>): NotifierConfig {
  const e = parseEnv(NotifierEnv, env);
  const problems: string[] = [];
  if (e.TOKENWATCH_WEBHOOK_URL && !e.TOKENWATCH_WEBHOOK_SECRET)
    problems.push('TOKENWATCH_WEBHOOK_SECRET: required when TOKENWATCH_WEBHOOK_URL is set (webhooks are always signed)');
  if (e.TOKENWATCH_REVOCATION_URL && !e.TOKENWATCH_REVOCATION_SECRET)
    problems.push('TOKENWATCH_REVOCATION_SECRET: required when TOKENWATCH_REVOCATION_URL is set (revocation calls are always signed)');
  if (e.TOKENWATCH_REVOCATION_URL && e.TOKENWATCH_KONG_ADMIN_URL)
    problems.push('TOKENWATCH_REVOCATION_URL and TOKENWATCH_KONG_ADMIN_URL: set one revoker, not both');
  if (e.TOKENWATCH_OCSF_TOPIC && e.TOKENWATCH_OCSF_FILE) problems.push('TOKENWATCH_OCSF_TOPIC and TOKENWATCH_OCSF_FILE: choose one OCSF output');
  const mode = e.TOKENWATCH_REVOCATION_MODE;
  if (mode === 'enforce' && !e.TOKENWATCH_REVOCATION_URL && !e.TOKENWATCH_KONG_ADMIN_URL) {
    problems.push('TOKENWATCH_REVOCATION_MODE=enforce needs a revoker: set TOKENWATCH_KONG_ADMIN_URL or TOKENWATCH_REVOCATION_URL');
  }
  const routing = e.TOKENWATCH_ROUTING_FILE ? loadRoutingFile(e.TOKENWATCH_ROUTING_FILE) : defaultRouting();
  if (mode === 'enforce' && !routing.revocation) {
    problems.push(
      'TOKENWATCH_REVOCATION_MODE=enforce needs an explicit policy: add a "revocation" section (maxPerHour, protectedTokens, …) to the routing file',
    );
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);

  return {
    home: e.TOKENWATCH_HOME,
    ...(e.TOKENWATCH_TOPIC_PREFIX ? { topicPrefix: e.TOKENWATCH_TOPIC_PREFIX } : {}),
    groupPrefix: e.TOKENWATCH_GROUP_PREFIX,
    ...(e.TOKENWATCH_SLACK_WEBHOOK_URL ? { slack: { webhookUrl: e.TOKENWATCH_SLACK_WEBHOOK_URL } } : {}),
    ...(e.TOKENWATCH_PAGERDUTY_ROUTING_KEY ? { pagerduty: { routingKey: e.TOKENWATCH_PAGERDUTY_ROUTING_KEY, url: e.TOKENWATCH_PAGERDUTY_URL } } : {}),
    ...(e.TOKENWATCH_WEBHOOK_URL && e.TOKENWATCH_WEBHOOK_SECRET ? { webhook: { url: e.TOKENWATCH_WEBHOOK_URL, secret: e.TOKENWATCH_WEBHOOK_SECRET } } : {}),
    ...(e.TOKENWATCH_OCSF_TOPIC ? { ocsf: { topic: e.TOKENWATCH_OCSF_TOPIC } } : e.TOKENWATCH_OCSF_FILE ? { ocsf: { file: e.TOKENWATCH_OCSF_FILE } } : {}),
    revocation: {
      mode,
      ...(e.TOKENWATCH_REVOCATION_URL && e.TOKENWATCH_REVOCATION_SECRET
        ? { http: { url: e.TOKENWATCH_REVOCATION_URL, secret: e.TOKENWATCH_REVOCATION_SECRET } }
        : {}),
      ...(e.TOKENWATCH_KONG_ADMIN_URL
        ? { kong: { adminUrl: e.TOKENWATCH_KONG_ADMIN_URL, ...(e.TOKENWATCH_KONG_ADMIN_TOKEN ? { adminToken: e.TOKENWATCH_KONG_ADMIN_TOKEN } : {}) } }
        : {}),
      policy: routing.revocation ?? RevocationPolicyConfig.parse({}),
      explicitPolicy: routing.revocation !== undefined,
    },
    routing,
    ...(e.TOKENWATCH_ROUTING_FILE ? { routingFile: e.TOKENWATCH_ROUTING_FILE } : {}),
    silencesFile: e.TOKENWATCH_SILENCES_FILE ?? join(e.TOKENWATCH_HOME, 'silences.json'),
    silencesFileSet: e.TOKENWATCH_SILENCES_FILE !== undefined,
    timeoutMs: e.TOKENWATCH_NOTIFY_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: e.TOKENWATCH_NOTIFY_MAX_ATTEMPTS, retryForMs: e.TOKENWATCH_NOTIFY_RETRY_FOR },
  };
}
