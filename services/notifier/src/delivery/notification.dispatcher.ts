import { TokenwatchError, type RetryPolicy } from '@tokenwatch/common';
import type { Logger } from '@tokenwatch/observability';
import type { NotifierMetrics } from '../notifier.metrics';
import type { Clock, Notification, Transport, TransportName } from '../notifier.types';
import { toDeadLetter, type DeadLetterSink } from './dead-letter.sink';
import type { DeliveryLedger, LedgerEntry } from './delivery.ledger';
import { deliverWithRetry } from './delivery.retrier';

export interface DispatchContext {
  /** Waits between attempts; the Kafka consumer's version also heartbeats. */
  sleep?: (ms: number) => Promise<void>;
  /** False once shutdown started: undelivered notifications then fail the batch instead of going to the DLQ. */
  isActive?: () => boolean;
}

export interface DispatchResult {
  sent: number;
  deadLettered: number;
}

export interface DispatcherParts {
  transports: ReadonlyMap<TransportName, Transport>;
  ledger: DeliveryLedger;
  deadLetters: DeadLetterSink;
  retry: RetryPolicy;
  clock: Clock;
  /** Measures how long a receiver has been failing (`retry.retryForMs`); default `clock`. */
  wallClock?: Clock;
  metrics: NotifierMetrics;
  log: Logger;
  /** Groups delivered at the same time; messages of one group always go one after the other. */
  concurrency?: number;
  random?: () => number;
}

/** The ledger entries a delivered notification settles (a repeat settles nothing new). */
function settled(n: Notification, outcome: LedgerEntry['outcome'], at: number): LedgerEntry[] {
  if (n.repeat) return [];
  return n.alerts.map((a) => ({ alertId: a.id, channel: n.transport, state: a.state, tokenFp: a.token.fp, route: n.route, outcome, at }));
}

/** Shutdown stopped a retry: the batch is not done, so its offsets must not be committed (it comes again). */
export class ShutdownInterruptedError extends TokenwatchError {
  constructor(message: string, context: { transport: string; notification: string }) {
    super(message, { code: 'SHUTDOWN_INTERRUPTED', retriable: true, context });
  }
}

/**
 * Delivers notifications: retries per transport rules, then the DLQ after the last attempt. Every
 * final outcome goes to the ledger at once. Throws (after every group finished) when a dead letter
 * could not be written or shutdown interrupted a retry, so the caller does not commit.
 */
export async function dispatch(parts: DispatcherParts, notifications: readonly Notification[], ctx: DispatchContext = {}): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, deadLettered: 0 };
  const byGroup = new Map<string, Notification[]>();
  for (const n of notifications) {
    const key = `${n.transport}|${n.groupKey}`;
    const list = byGroup.get(key) ?? [];
    list.push(n);
    byGroup.set(key, list);
  }
  const queues = [...byGroup.values()];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const n of queue) {
        try {
          result[(await deliverOne(parts, n, ctx)) === 'sent' ? 'sent' : 'deadLettered']++;
        } catch (error) {
          errors.push(error);
          break; // keep the group's order: later messages of this group wait for the retry
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parts.concurrency ?? 8, queues.length)) }, worker));
  if (errors.length > 0) throw errors[0];
  return result;
}

async function deliverOne(parts: DispatcherParts, n: Notification, ctx: DispatchContext): Promise<'sent' | 'dead_lettered'> {
  const transport = parts.transports.get(n.transport);
  const writeAhead = transport !== undefined && transport.redeliverySafe !== true && !n.repeat;
  if (writeAhead) {
    // The intent is durable before the receiver can see the message: after a crash, a redelivered
    // alert finds it and is not sent a second time. A failed write fails the batch, nothing sent.
    parts.ledger.record(settled(n, 'sending', parts.clock.now()));
    await parts.ledger.flush();
  }
  const started = performance.now();
  const outcome = transport
    ? await deliverWithRetry(() => transport.deliver(n), parts.retry, {
        now: (parts.wallClock ?? parts.clock).now,
        sleep: ctx.sleep ?? parts.clock.sleep,
        ...(ctx.isActive ? { isActive: ctx.isActive } : {}),
        ...(parts.random ? { random: parts.random } : {}),
        onRetry: (attempt, delayMs, reason) => {
          parts.metrics.retries.inc({ transport: n.transport });
          parts.log.warn({ transport: n.transport, notification: n.id, attempt, delayMs, reason }, 'delivery failed; retrying');
        },
      })
    : ({ kind: 'failed', attempts: 0, reason: `transport ${n.transport} is not configured`, retriable: false } as const);
  parts.metrics.deliverySeconds.observe({ transport: n.transport }, (performance.now() - started) / 1000);

  if (outcome.kind === 'ok') {
    parts.ledger.record(settled(n, 'sent', parts.clock.now()));
    parts.metrics.notifications.inc({ transport: n.transport, outcome: 'sent' });
    // Closes the in-doubt window at once; if this write fails, the batch's final flush retries it.
    if (writeAhead)
      await parts.ledger
        .flush()
        .catch((err: unknown) => parts.log.warn({ err, transport: n.transport }, 'cannot record a delivery yet; retrying with the batch'));
    return 'sent';
  }
  if (outcome.retriable && ctx.isActive?.() === false) {
    throw new ShutdownInterruptedError(`${n.transport} delivery interrupted by shutdown: ${outcome.reason}`, { transport: n.transport, notification: n.id });
  }
  const failedAt = parts.clock.now();
  await parts.deadLetters.write([
    toDeadLetter(n, `${outcome.reason} (after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'})`, outcome.attempts, failedAt),
  ]);
  parts.ledger.record(settled(n, 'dead_lettered', failedAt));
  parts.metrics.notifications.inc({ transport: n.transport, outcome: 'dead_lettered' });
  parts.log.error(
    { transport: n.transport, notification: n.id, group: n.groupKey, attempts: outcome.attempts, reason: outcome.reason },
    'notification dead-lettered',
  );
  return 'dead_lettered';
}
