import { migrate, pendingMigrations, type ClickHouse } from '@tokenwatch/clickhouse';
import { TokenwatchError } from '@tokenwatch/common';
import type { IngestConfig } from '@tokenwatch/ingest';
import { localBrokerStatus } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import { clickhouseFromConfig } from '../clickhouse-from-config';

/** A start-up or runtime failure of one service process (exit code 1), with what to do about it. */
export class ServiceSetupError extends TokenwatchError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'SERVICE_SETUP_FAILED', context: hint === undefined ? {} : { hint } });
  }
}

/** What a process started, stopped in the reverse order; a failing step is logged and the rest still stop. */
export class ShutdownStack {
  private readonly steps: Array<{ name: string; stop: () => Promise<unknown> }> = [];

  constructor(private readonly log: Logger) {}

  push(name: string, stop: () => Promise<unknown>): void {
    this.steps.push({ name, stop });
  }

  async stopAll(): Promise<void> {
    for (const { name, stop } of this.steps.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
  }
}

/**
 * KAFKA_BROKERS, or the local broker that `tokenwatch kafka start` runs. A service process never
 * starts a broker itself: in a deployment the cluster is someone else's.
 */
export async function resolveBrokers(config: IngestConfig, home: string): Promise<string[]> {
  if (config.KAFKA_BROKERS) return config.KAFKA_BROKERS;
  const local = await localBrokerStatus({ home, port: config.TOKENWATCH_KAFKA_PORT });
  if (!local.answering) {
    throw new ServiceSetupError(`KAFKA_BROKERS is not set and no local broker answers at ${local.brokers}`, 'set KAFKA_BROKERS=host:port,… or start the local broker with "tokenwatch kafka start"');
  }
  return [local.brokers];
}

/**
 * Opens ClickHouse for one service. Embedded chDB belongs to this process alone, so the service
 * migrates it. A ClickHouse server is shared: the schema is applied once by `tokenwatch migrate`
 * (the compose one-shot, the Kubernetes Job), and a service refuses to start on a schema with
 * pending migrations, unless asked to migrate itself.
 */
export async function openServiceClickHouse(config: IngestConfig, options: { migrate: boolean }): Promise<ClickHouse> {
  const ch = await clickhouseFromConfig(config);
  try {
    if (ch.mode === 'embedded' || options.migrate) {
      await migrate(ch, { accessEventsTtlDays: config.TOKENWATCH_RETENTION_DAYS });
    } else {
      const pending = await pendingMigrations(ch);
      if (pending.length > 0) {
        throw new ServiceSetupError(
          `ClickHouse database ${ch.database} has ${pending.length} pending migrations (${pending.join(', ')})`,
          'run "tokenwatch migrate" first (the migrate service or Job), or start this service with --migrate',
        );
      }
    }
  } catch (error) {
    await ch.close();
    throw error;
  }
  return ch;
}

/** Migration files of this build that the database's schema_migrations ledger does not list. */
export { pendingMigrations };
