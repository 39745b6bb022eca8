import type { IHeaders } from 'kafkajs';

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
