import { z } from 'zod';
import { FORMAT_NAMES } from '@tokenwatch/formats';
import { brokerListField, identifierField, optionalUrlField, parseEnv, positiveIntField } from '@tokenwatch/config';
import { parseIngestTopics, type IngestTopicSpec } from './ingest-topics';

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

const IngestEnv = z.object({
  TOKENWATCH_ENV: z.enum(['development', 'production']).default('development'),
  TOKENWATCH_HOME: z.string().min(1).default('.tokenwatch'),
  KAFKA_BROKERS: brokerListField.optional(),
  TOKENWATCH_KAFKA_PORT: positiveIntField(9092),
  TOKENWATCH_PARTITIONS: positiveIntField(6),
  TOKENWATCH_TOPIC_PREFIX: z.string().regex(/^[\w.-]+$/).optional(),
  TOKENWATCH_GROUP_PREFIX: z.string().regex(/^[\w.-]+$/).default('tokenwatch'),
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
  TOKENWATCH_FINGERPRINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  CLICKHOUSE_URL: optionalUrlField,
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  /** chDB data folder; default <TOKENWATCH_HOME>/clickhouse. */
  CLICKHOUSE_PATH: z.string().min(1).optional(),
  CLICKHOUSE_DATABASE: identifierField('tokenwatch'),
  TOKENWATCH_RETENTION_DAYS: positiveIntField(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type IngestConfig = z.infer<typeof IngestEnv>;

export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  return parseEnv(IngestEnv, env);
}
