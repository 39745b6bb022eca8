import type { ClickHouse } from '@tokenwatch/clickhouse';
import { CITY_MMDB_ENV, geoDataInfo } from '@tokenwatch/geo';
import {
  createIngestInputs,
  DEFAULT_INGEST_ROLES,
  ingestAdapterOptions,
  INGEST_ROLES,
  type IngestConfig,
  type IngestInput,
  type IngestRole,
} from '@tokenwatch/ingest';
import { describeKafkaSecurity, type Kafka } from '@tokenwatch/kafka';
import { enabledTransports, startNotifier, type NotifierConfig } from '@tokenwatch/notifier';
import { createApiApp, listen, type ApiAppDeps, type ApiKey } from '@tokenwatch/api';
import type { Logger, Registry } from '@tokenwatch/observability';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine } from '../command-line';
import type { Config } from '../config/load-config';
import { explainStartFailure, openRuntime, type Runtime } from '../runtime/open-runtime';
import { onShutdownSignal } from '../shutdown-signal';
import { startConfiguredPipeline } from './configured-pipeline';
import type { ShutdownStack } from './service-runtime';
import { kafkaReadiness } from '../runtime/kafka-readiness';
import { ingestApiKeys } from '../ingest-api-key';

export const RUN_SERVICES = ['ingest', 'notifier', 'api'] as const;
export type RunService = (typeof RUN_SERVICES)[number];

const USAGE = `usage: tokenwatch run ingest|notifier|api [--migrate] [--role normalize|score|store[,…]]
  ingest     normalize + score consumers; POST /ingest/:format when TOKENWATCH_INGEST_KEY is set
             --role picks the consumers (a comma list or repeated): normalize, score, and store, the
             writer of events and alerts to ClickHouse for scorers run with TOKENWATCH_ANALYTICS_WRITER=separate;
             --role normalize alone needs no ClickHouse (it reads raw topics and writes the events topic)
  notifier   alerts consumer: routing, grouping, Slack / PagerDuty / webhook / OCSF, revocation
  api        SOC REST API and dashboard
Each serves /healthz, /readyz and /metrics on TOKENWATCH_API_HOST:TOKENWATCH_API_PORT.
With CLICKHOUSE_URL the schema must be migrated first ("tokenwatch migrate"), or pass --migrate.`;

export interface RunOptions {
  service: RunService;
  migrate: boolean;
  roles?: IngestRole[];
}

export function parseRunArgs(args: string[]): RunOptions {
  const parsed = parseCommandLine(
    {
      args,
      options: { migrate: { type: 'boolean', default: false }, role: { type: 'string', multiple: true } },
      allowPositionals: true,
      strict: true,
    },
    USAGE,
  );
  const [service, ...extra] = parsed.positionals;
  if (service === undefined) throw new UsageError(`run needs a service\n${USAGE}`);
  if (!isOneOf(RUN_SERVICES, service)) throw new UsageError(`unknown service "${service}"; expected one of ${RUN_SERVICES.join(', ')}\n${USAGE}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"\n${USAGE}`);
  const roles = parseRoles(parsed.values.role);
  if (roles !== undefined && service !== 'ingest') throw new UsageError('--role applies to the ingest service only');
  return { service, migrate: parsed.values.migrate, ...(roles !== undefined ? { roles } : {}) };
}

/** `--role a,b` and `--role a --role b` alike; each role once, in the order given. */
function parseRoles(values: string[] | undefined): IngestRole[] | undefined {
  if (values === undefined) return undefined;
  const roles: IngestRole[] = [];
  for (const role of values.flatMap((value) => value.split(',')).map((r) => r.trim())) {
    if (!isOneOf(INGEST_ROLES, role)) throw new UsageError(`--role takes ${INGEST_ROLES.join(', ')} (a comma list or repeated), got "${role}"\n${USAGE}`);
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

interface ServiceContext {
  config: IngestConfig;
  /** The sections beyond the ingest view (the geo data, the notifier's own settings on first use). */
  sections: Config;
  /** Parsed before anything starts, so that a bad setting fails fast. */
  notifierConfig?: NotifierConfig;
  inputs?: IngestInput[];
  apiKeys: ApiKey[];
  /** Undefined for a normalize-only ingest process, which writes only to Kafka. */
  ch: ClickHouse | undefined;
  registry: Registry;
  log: Logger;
  home: string;
  stack: ShutdownStack;
  kafka: () => Promise<Kafka>;
  say: (line: string) => void;
}

/** What a started service adds to its HTTP app besides /healthz, /readyz and /metrics. */
interface ServiceHttp {
  readiness: ApiAppDeps['readiness'];
  health?: () => Record<string, unknown>;
  routers?: ApiAppDeps['routers'];
  /** The SOC routes under /api and the dashboard (the api service). */
  soc?: { clickhouse: ClickHouse; apiKeys: ApiKey[] };
  /** POST /ingest/:format behind the ingest key (the ingest service, when TOKENWATCH_INGEST_KEY is set). */
  ingest?: { routers: NonNullable<ApiAppDeps['ingestRouters']>; apiKeys: ApiKey[] };
}

/**
 * `tokenwatch run <service>`: one service per process, for containers and Kubernetes, against
 * KAFKA_BROKERS and CLICKHOUSE_URL. Same building blocks as `tokenwatch up`; SIGTERM or SIGINT
 * stops in the reverse order of start (HTTP, consumers finishing and committing, ClickHouse).
 */
export async function runCommand(args: string[], sections: Config): Promise<number> {
  const options = parseRunArgs(args);
  const config = sections.ingest;
  const apiConfig = sections.api;
  const tokenPolicy = options.service === 'api' ? sections.lifecycle.tokenPolicy : undefined;
  const notifierConfig = options.service === 'notifier' ? sections.notifier : undefined;
  const inputs = options.service === 'ingest' ? createIngestInputs(config, sections.topics.names) : undefined;
  const apiKeys = options.service === 'api' ? sections.apiKeys.keys : [];
  const home = sections.home;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const group = options.service === 'notifier' ? 'notify' : (options.roles?.[0] ?? 'normalize');
  let rt: Runtime | undefined;

  try {
    // A normalize-only ingest process writes only to Kafka: no ClickHouse to reach, or to lock.
    const withClickHouse = !(options.service === 'ingest' && options.roles?.every((role) => role === 'normalize'));
    rt = await openRuntime(sections, {
      name: `tokenwatch-${options.service}`,
      needs: withClickHouse ? ['clickhouse'] : [],
      clickhouse: { mode: 'service', migrate: options.migrate },
      kafka: { consumerGroup: `${config.TOKENWATCH_GROUP_PREFIX}-${group}` },
    });
    const { log, stack, registry } = rt;
    const ch = withClickHouse ? await rt.clickhouse() : undefined;
    say(ch ? `clickhouse: ${ch.mode}, database ${ch.database}` : 'clickhouse: not used (normalize only)');
    const runtime = rt;
    const kafka = async () => {
      const brokers = await runtime.brokers();
      say(`kafka: ${brokers.join(',')}, ${describeKafkaSecurity(config.kafkaSecurity)}`);
      return runtime.kafka();
    };
    const context: ServiceContext = { config, sections, notifierConfig, inputs, apiKeys, ch, registry, log, home, stack, kafka, say };
    const http = await STARTERS[options.service](context, options);
    const app = createApiApp({
      registry,
      logger: log,
      readiness: [...(ch ? [{ name: 'clickhouse', check: () => ch.ping() }] : []), ...http.readiness],
      health: () => ({
        service: options.service,
        clickhouse: ch?.mode ?? 'not used',
        ...(options.service === 'api' ? {} : { kafkaSecurity: describeKafkaSecurity(config.kafkaSecurity) }),
        ...http.health?.(),
      }),
      routers: http.routers ?? [],
      ...(http.soc ? { clickhouse: http.soc.clickhouse, apiKeys: http.soc.apiKeys } : { dashboardDir: false }),
      ...(http.ingest ? { ingestRouters: http.ingest.routers, apiKeys: http.ingest.apiKeys } : {}),
      ...(tokenPolicy ? { tokenPolicy } : {}),
    });
    const server = await listen(app, apiConfig.TOKENWATCH_API_HOST, apiConfig.TOKENWATCH_API_PORT);
    stack.push('http', () => server.close());
    say(`tokenwatch ${options.service} is up: ${server.url} (readiness: ${server.url}/readyz)`);
  } catch (error) {
    await rt?.close();
    throw explainStartFailure(sections, error);
  }

  await onShutdownSignal();
  say('shutting down…');
  await rt.close();
  say('stopped');
  return ExitCode.ok;
}

/** Where this process's events and alerts are written to ClickHouse, in one line. */
function analyticsWrites(config: IngestConfig, roles: readonly IngestRole[]): string {
  const stores = roles.includes('store') ? 'the store consumer writes events and alerts to ClickHouse' : undefined;
  if (!roles.includes('score')) return stores ?? 'no analytics writes';
  if (config.TOKENWATCH_ANALYTICS_WRITER === 'inline')
    return `the scorer writes events and alerts to ClickHouse${stores ? ' (and so does the store consumer)' : ''}`;
  return stores ?? 'events and alerts are left to a "run ingest --role store" process (TOKENWATCH_ANALYTICS_WRITER=separate)';
}

/** A readiness check that fails once `stop` has begun. */
function runningFlag(name: string): { check: ApiAppDeps['readiness'][number]; stopped: () => void } {
  let running = true;
  return {
    check: {
      name,
      check: async () => {
        if (!running) throw new Error(`${name} stopped`);
      },
    },
    stopped: () => (running = false),
  };
}

/** ClickHouse is opened for every service but a normalize-only ingest. */
function opened(ch: ClickHouse | undefined): ClickHouse {
  if (!ch) throw new Error('this service needs ClickHouse, which was not opened');
  return ch;
}

const STARTERS: Record<RunService, (ctx: ServiceContext, options: RunOptions) => Promise<ServiceHttp>> = {
  async ingest({ config, sections, inputs, ch, registry, log, home, stack, kafka, say }, options) {
    const topics = sections.topics.names;
    const client = await kafka();
    const pipeline = await startConfiguredPipeline({
      config,
      inputs: inputs ?? createIngestInputs(config, topics),
      topics,
      kafka: client,
      ...(ch ? { clickhouse: ch } : {}),
      registry,
      log,
      home,
      ...(options.roles ? { roles: options.roles } : {}),
    });
    const flag = runningFlag('pipeline');
    stack.push('pipeline', () => pipeline.stop().finally(flag.stopped));
    const roles = options.roles ?? DEFAULT_INGEST_ROLES;
    say(`ingest: ${roles.join(' + ')} consumers${config.TOKENWATCH_INGEST_KEY ? ', POST /ingest/:format' : ''}; ${analyticsWrites(config, roles)}`);
    const geoData = geoDataInfo({ [CITY_MMDB_ENV]: sections.geo.cityMmdb });
    return {
      readiness: [flag.check, kafkaReadiness(client, stack)],
      health: () => ({ geoData }),
      ingest: config.TOKENWATCH_INGEST_KEY
        ? { routers: [pipeline.httpIngestRouter({ adapterOptions: ingestAdapterOptions(config) })], apiKeys: ingestApiKeys(config.TOKENWATCH_INGEST_KEY) }
        : undefined,
    };
  },

  async notifier({ config, sections, notifierConfig = sections.notifier, ch, registry, log, stack, kafka, say }) {
    const client = await kafka();
    const notifier = await startNotifier({
      kafka: client,
      clickhouse: opened(ch),
      config: notifierConfig,
      registry,
      log,
      partitions: config.TOKENWATCH_PARTITIONS,
    });
    const flag = runningFlag('notifier');
    stack.push('notifier', () => notifier.stop().finally(flag.stopped));
    say(`notify: ${[...enabledTransports(notifierConfig)].join(', ') || 'no transport configured'}; revocation mode ${notifierConfig.revocation.mode}`);
    return { readiness: [flag.check, kafkaReadiness(client, stack)] };
  },

  async api({ ch, apiKeys, say }) {
    if (apiKeys.length === 0) say('api: TOKENWATCH_API_KEYS is not set, so /api answers 503');
    return { readiness: [], soc: { clickhouse: opened(ch), apiKeys } };
  },
};
