import { z } from 'zod';
import { brokerListField, identifierField, optionalUrlField, positiveIntField } from './env-fields';
import { kafkaSecurityFields, kafkaSecurityFrom, KAFKA_SECURITY_VARIABLES, type KafkaSecurity } from './kafka-security.env';
import type { Secret } from './secret';
import { readSecretSetting, readSettingFile, secretFields } from './secret-env';

/**
 * The env fragments shared by more than one process, one per concern. A process schema spreads the
 * fragments it needs (in this order, so that a problem list reads the same everywhere) next to its own
 * fields, and turns the raw variables into typed settings with the `…From` helpers.
 */

/** TOKENWATCH_ENV: production refuses development shortcuts (a generated fingerprint key). */
export const deploymentFields = {
  TOKENWATCH_ENV: z.enum(['development', 'production']).default('development'),
};

/** TOKENWATCH_HOME: the state folder (local broker, chDB data, generated keys, notifier files). */
export const homeFields = {
  TOKENWATCH_HOME: z.string().min(1).default('.tokenwatch'),
};
/** The home fragment alone, for commands that need no other setting. */
export const HomeEnv = z.object(homeFields);

/** The Kafka cluster: brokers (unset: the local broker on TOKENWATCH_KAFKA_PORT), TLS and SASL, partitions of the topics. */
export const kafkaFields = {
  KAFKA_BROKERS: brokerListField.optional(),
  /** TLS and SASL of every Kafka client (see kafka-security.env.ts); read into a KafkaSecurity by kafkaSettingsFrom. */
  ...kafkaSecurityFields,
  TOKENWATCH_KAFKA_PORT: positiveIntField(9092),
  TOKENWATCH_PARTITIONS: positiveIntField(6),
};

/** Topic and consumer-group names: an optional topic prefix and the group prefix. */
export const topicFields = {
  TOKENWATCH_TOPIC_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
  TOKENWATCH_GROUP_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('tokenwatch'),
};

/** ClickHouse: a server at CLICKHOUSE_URL, or embedded chDB under the home; the retention of access events. */
export const clickhouseFields = {
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
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const logFields = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

type KafkaEnv = z.output<z.ZodObject<typeof kafkaFields>>;
type ClickHouseEnv = z.output<z.ZodObject<typeof clickhouseFields>>;

/** The Kafka security of the parsed fragment; a secured protocol needs KAFKA_BROKERS (the local broker speaks PLAINTEXT). */
export function kafkaSettingsFrom(env: KafkaEnv, ctx: z.RefinementCtx): KafkaSecurity {
  const kafkaSecurity = kafkaSecurityFrom(env, ctx);
  if (kafkaSecurity.protocol !== 'PLAINTEXT' && !env.KAFKA_BROKERS) {
    const hint = 'the local broker used without it speaks PLAINTEXT; `tokenwatch kafka start --secure` prints the settings of a secured one';
    ctx.addIssue({ code: 'custom', path: ['KAFKA_SECURITY_PROTOCOL'], message: `${kafkaSecurity.protocol} needs KAFKA_BROKERS (${hint})` });
  }
  return kafkaSecurity;
}

/** The ClickHouse credentials of the parsed fragment: the password (value or file) and the CA bundle of an https server. */
export function clickhouseSecretsFrom(env: ClickHouseEnv, ctx: z.RefinementCtx): { clickhousePassword: Secret | undefined; clickhouseCa: string | undefined } {
  const clickhousePassword = readSecretSetting(env, 'CLICKHOUSE_PASSWORD', ctx);
  const clickhouseCa = env.CLICKHOUSE_CA_FILE === undefined ? undefined : readSettingFile('CLICKHOUSE_CA_FILE', env.CLICKHOUSE_CA_FILE, ctx);
  if (clickhouseCa !== undefined && !env.CLICKHOUSE_URL?.startsWith('https:')) {
    ctx.addIssue({ code: 'custom', path: ['CLICKHOUSE_CA_FILE'], message: 'is only used with an https:// CLICKHOUSE_URL' });
  }
  return { clickhousePassword, clickhouseCa };
}

/** The raw credential variables, kept out of a parsed config (it may be logged or dumped whole). */
export const RAW_CREDENTIAL_VARIABLES = [...KAFKA_SECURITY_VARIABLES, 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_PASSWORD_FILE'] as const;
export type RawCredentialVariable = (typeof RAW_CREDENTIAL_VARIABLES)[number];

/** `env` without the raw credential variables. */
export function withoutRawCredentials<E extends Record<string, unknown>>(env: E): Omit<E, RawCredentialVariable> {
  const rest: Record<string, unknown> = { ...env };
  for (const name of RAW_CREDENTIAL_VARIABLES) delete rest[name];
  return rest as Omit<E, RawCredentialVariable>;
}
