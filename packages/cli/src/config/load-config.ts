import { HomeEnv, parseEnv, type KafkaSecurity, type Secret } from '@tokenwatch/config';
import { topicNames, type TopicSet } from '@tokenwatch/contracts';
import { CITY_MMDB_ENV } from '@tokenwatch/geo';
import { loadIngestConfig, type IngestConfig } from '@tokenwatch/ingest';
import { loadNotifierConfig, type NotifierConfig } from '@tokenwatch/notifier';
import { loadApiConfig, parseApiKeys, type ApiConfig, type ApiKey } from '@tokenwatch/api';
import { tokenPolicyFromEnv, type TokenPolicy } from '@tokenwatch/lifecycle';
import { clickhouseDataPath, resolveHome } from '../runtime-paths';

type Env = Record<string, string | undefined>;

export interface KafkaSettings {
  /** KAFKA_BROKERS; unset: the local broker on `localPort`. */
  brokers?: string[];
  security: KafkaSecurity;
  localPort: number;
  partitions: number;
}

export interface TopicSettings {
  prefix?: string;
  groupPrefix: string;
  names: TopicSet;
}

export interface ClickHouseSettings {
  url?: string;
  username?: string;
  password?: Secret;
  caCert?: string;
  /** The chDB data folder (CLICKHOUSE_PATH, else <home>/clickhouse), used when `url` is unset. */
  dataPath: string;
  database: string;
  retentionDays: number;
}

/**
 * The whole configuration of a tokenwatch process, in sections. `loadConfig(env)` reads nothing yet:
 * each section is validated (with zod, one line naming each bad variable) the first time a command takes
 * it, so a command fails only on the sections it uses. The core sections (kafka, topics, clickhouse,
 * ingest, detector, log) are views of one validation of the shared fragments of packages/config plus
 * the ingest fields, as every command that reaches Kafka or ClickHouse has always checked them together.
 */
export interface Config {
  /** TOKENWATCH_HOME, resolved against the working directory. */
  readonly home: string;
  readonly kafka: KafkaSettings;
  readonly topics: TopicSettings;
  readonly clickhouse: ClickHouseSettings;
  /** The ingest service's view: the core variables as the ingest service and its pipeline take them. */
  readonly ingest: IngestConfig;
  readonly detector: { configFile?: string; baselineSaveSeconds: number; baselineIdleHours: number };
  readonly deployment: { production: boolean; fingerprintKey?: string };
  readonly log: { level: IngestConfig['LOG_LEVEL'] };
  readonly api: ApiConfig;
  /** TOKENWATCH_API_KEYS; `configured` false when unset or blank (`up` then generates a local admin key). */
  readonly apiKeys: { keys: ApiKey[]; configured: boolean };
  readonly notifier: NotifierConfig;
  /** The token lifecycle policy (TOKENWATCH_TOKEN_POLICY, a file; default the built-in one). */
  readonly lifecycle: { tokenPolicy: TokenPolicy };
  /** TOKENWATCH_GEO_CITY_MMDB: a MaxMind city file instead of the installed DB-IP Lite data. */
  readonly geo: { cityMmdb?: string };
  /** Who runs the command (USER), for audit fields such as a silence's `createdBy`. */
  readonly operator: { user?: string };
}

export type ConfigSection = keyof Config;

/** Reads the configuration from `env` (the CLI's main passes process.env; nothing else reads it). */
export function loadConfig(env: Env): Config {
  const core = once(() => loadIngestConfig(env));
  /** A section read from the core (ingest) settings. */
  function fromCore<T>(read: (c: IngestConfig) => T): () => T {
    return () => read(core());
  }
  const sections: { [K in ConfigSection]: () => Config[K] } = {
    home: () => resolveHome(parseEnv(HomeEnv, env).TOKENWATCH_HOME),
    ingest: core,
    kafka: fromCore((c) => ({
      ...(c.KAFKA_BROKERS ? { brokers: c.KAFKA_BROKERS } : {}),
      security: c.kafkaSecurity,
      localPort: c.TOKENWATCH_KAFKA_PORT,
      partitions: c.TOKENWATCH_PARTITIONS,
    })),
    topics: fromCore((c) => ({
      ...(c.TOKENWATCH_TOPIC_PREFIX ? { prefix: c.TOKENWATCH_TOPIC_PREFIX } : {}),
      groupPrefix: c.TOKENWATCH_GROUP_PREFIX,
      names: topicNames(c.TOKENWATCH_TOPIC_PREFIX),
    })),
    clickhouse: fromCore((c) => ({
      ...(c.CLICKHOUSE_URL ? { url: c.CLICKHOUSE_URL } : {}),
      ...(c.CLICKHOUSE_USER !== undefined ? { username: c.CLICKHOUSE_USER } : {}),
      ...(c.clickhousePassword ? { password: c.clickhousePassword } : {}),
      ...(c.clickhouseCa !== undefined ? { caCert: c.clickhouseCa } : {}),
      dataPath: clickhouseDataPath(resolveHome(c.TOKENWATCH_HOME), c.CLICKHOUSE_PATH),
      database: c.CLICKHOUSE_DATABASE,
      retentionDays: c.TOKENWATCH_RETENTION_DAYS,
    })),
    detector: fromCore((c) => ({
      ...(c.TOKENWATCH_DETECTOR_CONFIG ? { configFile: c.TOKENWATCH_DETECTOR_CONFIG } : {}),
      baselineSaveSeconds: c.TOKENWATCH_BASELINE_SAVE_SECONDS,
      baselineIdleHours: c.TOKENWATCH_BASELINE_IDLE_HOURS,
    })),
    deployment: fromCore((c) => ({
      production: c.TOKENWATCH_ENV === 'production',
      ...(c.TOKENWATCH_FINGERPRINT_KEY ? { fingerprintKey: c.TOKENWATCH_FINGERPRINT_KEY } : {}),
    })),
    log: () => ({ level: core().LOG_LEVEL }),
    api: () => loadApiConfig(env),
    apiKeys: () => ({ keys: parseApiKeys(env), configured: Boolean(env.TOKENWATCH_API_KEYS?.trim()) }),
    notifier: () => loadNotifierConfig(env),
    lifecycle: () => ({ tokenPolicy: tokenPolicyFromEnv(env) }),
    geo: () => (env[CITY_MMDB_ENV] ? { cityMmdb: env[CITY_MMDB_ENV] } : {}),
    operator: () => (env.USER ? { user: env.USER } : {}),
  };
  const config = {} as Config;
  for (const name of Object.keys(sections) as ConfigSection[]) {
    const section = once<unknown>(sections[name]);
    Object.defineProperty(config, name, { get: section, enumerable: true });
  }
  return config;
}

/** Validates `names` now (a ConfigError names every bad variable), for a command that must stop on them before it starts. */
export function validateSections(config: Config, ...names: ConfigSection[]): void {
  for (const name of names) Reflect.get(config, name);
}

/** A section computed on first use; a failure is not remembered, so each use reports it again. */
function once<T>(compute: () => T): () => T {
  let done: { value: T } | undefined;
  return () => (done ??= { value: compute() }).value;
}
