import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { sendDeadLetters, type DeadLetter, type MessageProducer } from '@tokenwatch/kafka';
import { encodeEvent } from '@tokenwatch/pipeline';
import type { EventStore } from './event-store';

/** Events to tokenwatch.events.v1, keyed by token fingerprint; resolves once acknowledged. */
export const eventsTopicSink = (producer: MessageProducer, topic: string) => (events: AccessEvent[]) => producer.send(topic, events.map(encodeEvent));

/** Alerts to tokenwatch.alerts.v1, keyed by token fingerprint. */
export const alertsTopicSink = (producer: MessageProducer, topic: string) => (alerts: Alert[]) =>
  producer.send(
    topic,
    alerts.map((alert) => ({ key: alert.token.fp, value: JSON.stringify(alert) })),
  );

/** Dead letters with their original bytes and the `tw-dlq-*` headers. */
export const deadLetterSink = (producer: MessageProducer, topic: string) => (letters: DeadLetter[], failedAt: number) =>
  sendDeadLetters(producer, topic, letters, failedAt);

/** Alerts to the alerts topic and, when this process stores them, to ClickHouse; resolves once both are durable. */
export const alertsSink = (producer: MessageProducer, topic: string, store?: EventStore) => {
  const toTopic = alertsTopicSink(producer, topic);
  return store ? (alerts: Alert[]) => Promise.all([store.saveAlerts(alerts), toTopic(alerts)]).then(() => undefined) : toTopic;
};
