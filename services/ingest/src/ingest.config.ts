import { z } from 'zod';
import { FORMAT_NAMES } from '@tokenwatch/formats';
import {
  brokerListField, identifierField, kafkaSecurityFields, kafkaSecurityFrom, KAFKA_SECURITY_VARIABLES, optionalUrlField, parseEnv, positiveIntField,
  readSecretSetting, readSettingFile, secretFields,
} from '@tokenwatch/config';
import { parseIngestTopics, type IngestTopicSpec } from './ingest-topics';
import { ANALYTICS_WRITERS } from './ingest-roles';

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
  /** TLS and SASL of every Kafka client (see packages/config/src/kafka-security.env.ts); read into `kafkaSecurity`. */
  ...kafkaSecurityFields,
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
  /**
   * Who writes events and alerts to ClickHouse: `inline`, the score consumer itself (one process, as
   * `tokenwatch up`); `separate`, a `run ingest --role store` process, so scorers need no shared ClickHouse.
   */
  TOKENWATCH_ANALYTICS_WRITER: z.enum(ANALYTICS_WRITERS).default('inline'),
  TOKENWATCH_FINGERPRINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  CLICKHOUSE_URL: optionalUrlField,
  CLICKHOUSE_USER: z.string().optional(),
  /** Read into `clickhousePassword`, from the value or a mounted file. */
  ...secretFields('CLICKHOUSE_PASSWORD'),
  /** PEM CA bundle for an https CLICKHOUSE_URL signed by a private CA; read into `clickhouseCa`. */
  CLICKHOUSE_CA_FILE: z.string().min(1).optional(),
  /** chDB data folder; default <TOKENWATCH_HOME>/clickhouse. */
  CLICKHOUSE_PATH: z.string().min(1).optional(),
  CLICKHOUSE_DATABASE: identifierField('tokenwatch'),
  TOKENWATCH_RETENTION_DAYS: positiveIntField(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).transform((env, ctx) => {
  const kafkaSecurity = kafkaSecurityFrom(env, ctx);
  if (kafkaSecurity.protocol !== 'PLAINTEXT' && !env.KAFKA_BROKERS) {
    const hint = 'the local broker used without it speaks PLAINTEXT; `tokenwatch kafka start --secure` prints the settings of a secured one';
    ctx.addIssue({ code: 'custom', path: ['KAFKA_SECURITY_PROTOCOL'], message: `${kafkaSecurity.protocol} needs KAFKA_BROKERS (${hint})` });
  }
  const clickhousePassword = readSecretSetting(env, 'CLICKHOUSE_PASSWORD', ctx);
  const clickhouseCa = env.CLICKHOUSE_CA_FILE === undefined ? undefined : readSettingFile('CLICKHOUSE_CA_FILE', env.CLICKHOUSE_CA_FILE, ctx);
  if (clickhouseCa !== undefined && !env.CLICKHOUSE_URL?.startsWith('https:')) {
    ctx.addIssue({ code: 'custom', path: ['CLICKHOUSE_CA_FILE'], message: 'is only used with an https:// CLICKHOUSE_URL' });
  }
  // The raw credentials stay out of the parsed config: it may be logged or dumped whole.
  const rest: Record<string, unknown> = { ...env };
  for (const name of [...KAFKA_SECURITY_VARIABLES, 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_PASSWORD_FILE']) delete rest[name];
  return { ...(rest as Omit<typeof env, (typeof KAFKA_SECURITY_VARIABLES)[number] | 'CLICKHOUSE_PASSWORD' | 'CLICKHOUSE_PASSWORD_FILE'>), kafkaSecurity, clickhousePassword, clickhouseCa };
});
export type IngestConfig = z.output<typeof IngestEnv>;

export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  return parseEnv(IngestEnv, env);
}
