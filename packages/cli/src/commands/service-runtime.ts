import { migrate, pendingMigrations, type ClickHouse } from '@tokenwatch/clickhouse';
import { TokenwatchError } from '@tokenwatch/common';
import { openClickHouse } from '../clickhouse-from-config';
import type { ClickHouseSettings } from '../config/load-config';

/** A start-up or runtime failure of one service process (exit code 1), with what to do about it. */
export class ServiceSetupError extends TokenwatchError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'SERVICE_SETUP_FAILED', context: hint === undefined ? {} : { hint } });
  }
}

/** Where a failing shutdown step is reported. */
export interface ShutdownLog {
  error(details: { err: unknown; step: string }, message: string): void;
}

/** What a process started, stopped in the reverse order; a failing step is logged and the rest still stop. */
export class ShutdownStack {
  private readonly steps: Array<{ name: string; stop: () => Promise<unknown> }> = [];

  constructor(private readonly log: ShutdownLog) {}

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
 * Opens ClickHouse for one service. Embedded chDB belongs to this process alone, so the service
 * migrates it. A ClickHouse server is shared: the schema is applied once by `tokenwatch migrate`
 * (the compose one-shot, the Kubernetes Job), and a service refuses to start on a schema with
 * pending migrations, unless asked to migrate itself.
 */
export async function openServiceClickHouse(settings: ClickHouseSettings, options: { migrate: boolean }): Promise<ClickHouse> {
  const ch = await openClickHouse(settings);
  try {
    if (ch.mode === 'embedded' || options.migrate) {
      await migrate(ch, { accessEventsTtlDays: settings.retentionDays });
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
