import { ClickHouseSetupError, migrate, type ClickHouse, type MigrateResult } from '@tokenwatch/clickhouse';
import { explainKafkaError, localBrokerStatus, startLocalBroker, stopLocalBroker, type Kafka, type LocalBrokerOptions } from '@tokenwatch/kafka';
import { createLogger, createMetricsRegistry, type Logger, type Registry } from '@tokenwatch/observability';
import { openClickHouse } from '../clickhouse-from-config';
import { connectKafka, kafkaErrorContext } from '../commands/kafka-connection';
import { openServiceClickHouse, ServiceSetupError, ShutdownStack } from '../commands/service-runtime';
import type { Config } from '../config/load-config';

/** What a command opens at start, in this order; the others it may still open on first use. */
export type RuntimeNeed = 'localBroker' | 'clickhouse' | 'kafka';

/**
 * How ClickHouse is opened: `migrate` applies pending migrations (up, migrate, notify); `service`
 * migrates embedded chDB (no other process can) or with --migrate, and otherwise refuses a server
 * schema with pending migrations (run); `open` only connects (read-only commands).
 */
export type ClickHouseMode = 'migrate' | 'service' | 'open';

export interface RuntimeOptions {
  /** Logger name, and the Kafka client id unless `kafka.clientId` says otherwise. */
  name: string;
  /** Opened by openRuntime, in this order. `localBroker`: start the local broker when KAFKA_BROKERS is unset (up). */
  needs: RuntimeNeed[];
  /** Logger level; default LOG_LEVEL. */
  logLevel?: string;
  clickhouse?: {
    mode: ClickHouseMode;
    /** `service` mode: --migrate. */
    migrate?: boolean;
    onApplied?: (name: string) => void;
    /** Added to the hint of a locked embedded database: the command's own way out. */
    lockedHint?: string;
  };
  kafka?: {
    clientId?: string;
    consumerGroup?: string;
    /** Without KAFKA_BROKERS, take the local broker's address as it is (produce, tail, simulate): the first send says if it is not there. */
    assumeLocalBroker?: boolean;
    /** Route the Kafka client's warnings to the logger (default); false leaves them to the client (commands whose output is the data). */
    log?: boolean;
  };
  /** Progress lines (the local broker's start). */
  say?: (line: string) => void;
}

export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly registry: Registry;
  readonly stack: ShutdownStack;
  /** What ClickHouse opened in `migrate` mode applied, else undefined. */
  readonly migrations: MigrateResult | undefined;
  /** KAFKA_BROKERS, else the local broker: started with the `localBroker` need, else one that must already answer. */
  brokers(): Promise<string[]>;
  clickhouse(): Promise<ClickHouse>;
  /** Kafka clients with the configured security, after the access check. */
  kafka(): Promise<Kafka>;
  /** Stops what was opened, in the reverse order. */
  close(): Promise<void>;
  /** A start failure as the command reports it: a Kafka permission or credential problem says what to fix. */
  explain(error: unknown): unknown;
}

/**
 * Builds what a command needs from the configuration, in dependency order, and one shutdown stack
 * that stops it in the reverse order. Each resource is opened once, `needs` at start and the rest on
 * first use; a failing start stops what was already opened before the error comes out.
 */
export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  let log: Logger | undefined;
  let registry: Registry | undefined;
  let migrations: MigrateResult | undefined;
  const logger = () => (log ??= createLogger({ name: options.name, level: options.logLevel ?? config.log.level }));
  const stack = new ShutdownStack({ error: (details, message) => logger().error(details, message) });

  const brokers = once(async (): Promise<string[]> => {
    if (config.kafka.brokers) return config.kafka.brokers;
    if (options.kafka?.assumeLocalBroker) return [`127.0.0.1:${config.kafka.localPort}`];
    if (!options.needs.includes('localBroker')) return [await answeringLocalBroker(config)];
    const brokerOptions: LocalBrokerOptions = { home: config.home, port: config.kafka.localPort, ...(options.say ? { onProgress: options.say } : {}) };
    const wasRunning = (await localBrokerStatus(brokerOptions)).running;
    const status = await startLocalBroker(brokerOptions);
    // A broker someone started with `tokenwatch kafka start` outlives this process.
    if (!wasRunning) stack.push('local kafka', () => stopLocalBroker(brokerOptions));
    options.say?.(`kafka: local broker at ${status.brokers}`);
    return [status.brokers];
  });

  const clickhouse = once(async (): Promise<ClickHouse> => {
    const { mode, migrate: asked = false, onApplied, lockedHint } = options.clickhouse ?? { mode: 'open' };
    if (mode === 'service') {
      const ch = await openServiceClickHouse(config.clickhouse, { migrate: asked });
      stack.push('clickhouse', () => ch.close());
      return ch;
    }
    const ch = await withLockedHint(openClickHouse(config.clickhouse), lockedHint);
    stack.push('clickhouse', () => ch.close());
    if (mode === 'migrate') migrations = await migrate(ch, { accessEventsTtlDays: config.clickhouse.retentionDays, ...(onApplied ? { onApplied } : {}) });
    return ch;
  });

  const kafka = once(async (): Promise<Kafka> => {
    const clientLog = options.kafka?.log === false ? undefined : logger();
    return connectKafka(config.ingest, await brokers(), options.kafka?.clientId ?? options.name, clientLog, options.kafka?.consumerGroup);
  });

  const runtime: Runtime = {
    config,
    get log() {
      return logger();
    },
    get registry() {
      return (registry ??= createMetricsRegistry());
    },
    stack,
    get migrations() {
      return migrations;
    },
    brokers,
    clickhouse,
    kafka,
    close: () => stack.stopAll(),
    explain: (error) => explainStartFailure(config, error),
  };
  const open: Record<RuntimeNeed, () => Promise<unknown>> = { localBroker: brokers, clickhouse, kafka };
  try {
    for (const need of options.needs) await open[need]();
  } catch (error) {
    await stack.stopAll();
    throw error;
  }
  return runtime;
}

/** A start failure as a command reports it: a Kafka permission or credential problem says what to fix. */
export function explainStartFailure(config: Config, error: unknown): unknown {
  return explainKafkaError(error, kafkaErrorContext(config.ingest, config.kafka.brokers ?? [])) ?? error;
}

/** Opened on first call; every call gets the same promise. */
function once<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => (opened ??= open());
}

/** The local broker that `tokenwatch kafka start` runs; a service process never starts one itself. */
async function answeringLocalBroker(config: Config): Promise<string> {
  const local = await localBrokerStatus({ home: config.home, port: config.kafka.localPort });
  if (!local.answering) {
    throw new ServiceSetupError(
      `KAFKA_BROKERS is not set and no local broker answers at ${local.brokers}`,
      'set KAFKA_BROKERS=host:port,… or start the local broker with "tokenwatch kafka start"',
    );
  }
  return local.brokers;
}

/** A retriable setup failure (embedded chDB locked by another process), with the command's own way out added to its hint. */
async function withLockedHint(opening: Promise<ClickHouse>, lockedHint: string | undefined): Promise<ClickHouse> {
  try {
    return await opening;
  } catch (error) {
    if (lockedHint !== undefined && error instanceof ClickHouseSetupError && error.retriable) {
      throw new ClickHouseSetupError(error.message, { hint: `${error.hint}; ${lockedHint}`, cause: error });
    }
    throw error;
  }
}
