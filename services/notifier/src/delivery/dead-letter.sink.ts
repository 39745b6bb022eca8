import { DlqHeaders, type Alert } from '@tokenwatch/contracts';
import type { MessageProducer } from '@tokenwatch/kafka';
import type { Notification } from '../notifier.types';
import { NdjsonFile } from '../util/ndjson-file';

/** A notification given up after its last attempt, with everything needed to send it by hand. */
export interface NotificationDeadLetter {
  transport: string;
  action: Notification['action'];
  notificationId: string;
  route: string;
  groupKey: string;
  tokenFp: string;
  reason: string;
  attempts: number;
  failedAt: number;
  alerts: Alert[];
}

/** Where dead letters go; `write` resolves only once they are durable, and throws otherwise. */
export interface DeadLetterSink {
  write(letters: readonly NotificationDeadLetter[]): Promise<void>;
}

export function toDeadLetter(n: Notification, reason: string, attempts: number, failedAt: number): NotificationDeadLetter {
  return {
    transport: n.transport,
    action: n.action,
    notificationId: n.id,
    route: n.route,
    groupKey: n.groupKey,
    tokenFp: n.token.fp,
    reason,
    attempts,
    failedAt,
    alerts: n.alerts,
  };
}

/** The notification DLQ topic, namespaced like the other topics ("staging" -> "staging.tokenwatch.notifications.v1.dlq"). */
export function notificationsDlqTopic(prefix?: string): string {
  return prefix ? `${prefix}.tokenwatch.notifications.v1.dlq` : 'tokenwatch.notifications.v1.dlq';
}

/** Kafka DLQ: the dead letter as JSON, keyed by token fingerprint, with the standard reason headers. */
export function createKafkaDeadLetterSink(producer: MessageProducer, topic: string): DeadLetterSink {
  return {
    write: (letters) =>
      producer.send(
        topic,
        letters.map((l) => ({
          key: l.tokenFp,
          value: JSON.stringify(l),
          headers: { [DlqHeaders.reason]: l.reason.slice(0, 1000), [DlqHeaders.failedAt]: String(l.failedAt), 'tw-dlq-transport': l.transport },
        })),
      ),
  };
}

/** CLI mode: one JSON line per dead letter. */
export function createFileDeadLetterSink(path: string): DeadLetterSink {
  const file = new NdjsonFile(path);
  return { write: (letters) => file.append(letters) };
}

export function createMemoryDeadLetterSink(): DeadLetterSink & { letters: NotificationDeadLetter[] } {
  const letters: NotificationDeadLetter[] = [];
  return {
    letters,
    write: async (batch) => {
      letters.push(...batch);
    },
  };
}
