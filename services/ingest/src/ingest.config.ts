import { z } from 'zod';
import { FORMAT_NAMES } from '@tokenwatch/formats';
import {
  clickhouseFields,
  clickhouseSecretsFrom,
  deploymentFields,
  homeFields,
  kafkaFields,
  kafkaSettingsFrom,
  logFields,
  parseEnv,
  positiveIntField,
  topicFields,
  withoutRawCredentials,
} from '@tokenwatch/config';
import { parseIngestTopics, type IngestTopicSpec } from './ingest-topics';
import { ANALYTICS_WRITERS, EVENTS_HOPS } from './ingest-roles';

/** `topic[=format],…`, validated at start; unset (or blank) means the default raw topic. */
const ingestTopicsField = z
  .string()
  .optional()
  .transform((text, ctx): IngestTopicSpec[] | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    try {
      return parseIngestTopics(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The ingest service's own variables, between the shared fragments of packages/config. */
export const ingestFields = {
  TOKENWATCH_INGEST_FORMAT: z.enum(FORMAT_NAMES).default('kong'),
  /** Raw topics read by normalize, each with its format (see ingest-topics.ts); listed names are used verbatim. */
  TOKENWATCH_INGEST_TOPICS: ingestTopicsField,
  /** JSON file with the field mapping of the `custom` format. */
  TOKENWATCH_INGEST_MAPPING: z.string().min(1).optional(),
  /** Comma-separated CIDRs of proxies whose X-Forwarded-For is trusted; default loopback and private ranges. */
  TOKENWATCH_TRUSTED_PROXIES: z.string().optional(),
  /** Count records without a credential as one anonymous token instead of rejecting them. */
  TOKENWATCH_ANONYMOUS: z.enum(['true', 'false']).default('false'),
  TOKENWATCH_ROUTE_CAP: positiveIntField(64),
  /** Key for `POST /ingest/:format`; the endpoint is off while unset. */
  TOKENWATCH_INGEST_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** JSON file tuning the detector (thresholds, allowlists, suppressions); defaults when unset. */
  TOKENWATCH_DETECTOR_CONFIG: z.string().min(1).optional(),
  /** Seconds between saves of changed token baselines to ClickHouse (alerting tokens are saved at once). */
  TOKENWATCH_BASELINE_SAVE_SECONDS: positiveIntField(300),
  /** Hours of event time after which an idle token's baseline leaves memory (reloaded on its next event). */
  TOKENWATCH_BASELINE_IDLE_HOURS: positiveIntField(6),
  /**
   * Who writes events and alerts to ClickHouse: `inline`, the score consumer itself (one process, as
   * `tokenwatch up`); `separate`, a `run ingest --role store` process, so scorers need no shared ClickHouse.
   */
  TOKENWATCH_ANALYTICS_WRITER: z.enum(ANALYTICS_WRITERS).default('inline'),
  /**
   * `kafka`: normalize hands events to score through tokenwatch.events.v1 (keyed by token, so scorers
   * scale out); `memory`: inside one process that must be the only ingest process (faster). Unset:
   * `memory` for `tokenwatch up`, `kafka` for `tokenwatch run ingest`.
   */
  TOKENWATCH_EVENTS_HOP: z.enum(EVENTS_HOPS).optional(),
  TOKENWATCH_FINGERPRINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
};

/**
 * The variables every command that reaches Kafka or ClickHouse validates together: the shared
 * fragments (deployment, home, Kafka, topics, ClickHouse, log) around the ingest fields.
 */
const IngestEnv = z
  .object({
    ...deploymentFields,
    ...homeFields,
    ...kafkaFields,
    ...topicFields,
    ...ingestFields,
    ...clickhouseFields,
    ...logFields,
  })
  .transform((env, ctx) => {
    const kafkaSecurity = kafkaSettingsFrom(env, ctx);
    const { clickhousePassword, clickhouseCa } = clickhouseSecretsFrom(env, ctx);
    // The raw credentials stay out of the parsed config: it may be logged or dumped whole.
    return { ...withoutRawCredentials(env), kafkaSecurity, clickhousePassword, clickhouseCa };
  });
export type IngestConfig = z.output<typeof IngestEnv>;

export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  return parseEnv(IngestEnv, env);
}
