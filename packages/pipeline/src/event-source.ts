import type { RawMessage } from './raw-message';

/**
 * The header on an events-topic message that says which raw record it came from:
 * `<raw topic>:<partition>:<offset>:<index in the message>`. A normalize batch that is processed
 * again after a crash produces its events again; the scorer knows them by this position (for each
 * raw partition, positions only grow within an events partition) and does not count them twice.
 */
export const SOURCE_HEADER = 'tw-src';

export interface SourcePosition {
  /** `<raw topic>:<partition>` */
  source: string;
  offset: bigint;
  index: number;
}

/** Where a message's records come from: its raw partition and offset (each record adds its index in the message). */
export const messageOrigin = (message: RawMessage): Omit<SourcePosition, 'index'> => ({
  source: `${message.topic}:${message.partition}`,
  offset: BigInt(message.offset),
});

/** The `tw-src` header text of a position. */
export const formatSourcePosition = (p: SourcePosition): string => `${p.source}:${p.offset}:${p.index}`;

export function parseSourcePosition(header: unknown): SourcePosition | undefined {
  const text = Buffer.isBuffer(header) ? header.toString('latin1') : typeof header === 'string' ? header : undefined;
  if (text === undefined) return undefined;
  const last = text.lastIndexOf(':');
  const offsetAt = text.lastIndexOf(':', last - 1);
  if (offsetAt <= 0) return undefined;
  const offset = text.slice(offsetAt + 1, last);
  const index = Number(text.slice(last + 1));
  if (!/^\d+$/.test(offset) || !Number.isInteger(index) || index < 0) return undefined;
  return { source: text.slice(0, offsetAt), offset: BigInt(offset), index };
}

/** Whether `a` comes after `b` in its raw partition. */
export const isAfter = (a: SourcePosition, b: { offset: bigint; index: number }): boolean =>
  a.offset > b.offset || (a.offset === b.offset && a.index > b.index);
