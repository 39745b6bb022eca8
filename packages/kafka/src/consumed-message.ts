import type { Batch, IHeaders, KafkaMessage } from 'kafkajs';

/** A message as handed to a batch handler. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** Broker or producer timestamp, epoch ms. */
  timestamp: number;
}

/** A kafkajs batch's message as the handlers see it. */
export function consumedMessage(batch: Pick<Batch, 'topic' | 'partition'>, m: KafkaMessage): ConsumedMessage {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: m.offset,
    key: m.key,
    value: m.value,
    headers: m.headers ?? {},
    timestamp: Number(m.timestamp),
  };
}
