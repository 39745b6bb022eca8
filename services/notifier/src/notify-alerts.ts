import type { Alert } from '@tokenwatch/contracts';
import { addReports, emptyReport, type NotifyReport } from './notifier.engine';
import { assembleNotifier, type NotifierParts } from './notifier.assembly';
import { systemClock } from './notifier.types';
import { EventTimeClock } from './util/event-time.clock';

export interface NotifyAlertsDeps extends NotifierParts {
  /**
   * event (default when no `clock` is given): the notifier's time follows the alerts' event time and
   * alerts are handled one by one, so a file of past alerts is grouped as it would have been live.
   * wall: the given `clock` (or the system clock); alerts are handled in batches of `batchSize`.
   */
  time?: 'event' | 'wall';
  /** Alerts handled per step in wall time (in order); default 200. */
  batchSize?: number;
  onProgress?: (report: NotifyReport) => void;
}

/**
 * The notifier over a finite list of alerts, in-process (what `tokenwatch notify --alerts FILE`
 * runs): the same routing, grouping, revocation and delivery rules as the Kafka service. Resolves
 * when every alert was delivered, grouped into a delivered message, suppressed or dead-lettered;
 * groups still holding alerts at the end of the input are sent then, without waiting for their window.
 */
export async function notifyAlerts(alerts: Iterable<Alert> | AsyncIterable<Alert>, deps: NotifyAlertsDeps): Promise<NotifyReport> {
  const eventTime = (deps.time ?? (deps.clock ? 'wall' : 'event')) === 'event' ? new EventTimeClock() : undefined;
  const wallClock = deps.wallClock ?? deps.clock ?? systemClock;
  const notifier = assembleNotifier({ ...deps, wallClock, ...(eventTime ? { clock: eventTime } : {}) });
  await notifier.start();
  // Alerts a previous, interrupted run held in a group (file ledger) are sent with this run.
  await notifier.engine.recover(eventTime ? 0 : wallClock.now() - 86_400_000);
  const batchSize = eventTime ? 1 : (deps.batchSize ?? 200);
  const total = emptyReport();
  let batch: Alert[] = [];
  const run = async () => {
    addReports(total, await notifier.engine.handle(batch));
    batch = [];
    deps.onProgress?.(total);
  };
  try {
    for await (const alert of alerts) {
      eventTime?.observe(alert.ts);
      batch.push(alert);
      if (batch.length >= batchSize) await run();
    }
    if (batch.length > 0) await run();
    addReports(total, await notifier.engine.tick({ flushAll: true }));
  } finally {
    for (const transport of notifier.transports.values()) await transport.close?.();
  }
  return total;
}
