/**
 * A message as a stage sees it: a consumed Kafka message, an HTTP ingest line or a replayed log line.
 * The Kafka client's consumed message has this shape; the pipeline itself never touches a client.
 */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: { [key: string]: Buffer | string | (Buffer | string)[] | undefined };
  /** Broker or producer timestamp, epoch ms; 0 when unknown (replay). */
  timestamp: number;
}

/** A message that goes to a dead-letter topic: its original bytes, and why. */
export interface DeadLetter<M extends RawMessage = RawMessage> {
  message: M;
  reason: string;
}
