import { reject } from '@tokenwatch/contracts';
import type { GatewayAdapter, NormalizeOptions, RecordOutcome } from './adapter';

/** Largest message accepted; bigger ones are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Normalizes one message that holds a JSON object or a JSON array of objects
 * (Kong kafka-log and APISIX kafka-logger batch records into arrays).
 */
export function normalizeJsonMessage(text: string, adapter: GatewayAdapter, options: NormalizeOptions): RecordOutcome[] {
  if (text.length > MAX_MESSAGE_BYTES) {
    return [{ index: 0, result: reject(`message too large: ${text.length} bytes > ${MAX_MESSAGE_BYTES}`) }];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ index: 0, result: reject(`invalid JSON: ${(error as Error).message}`) }];
  }
  if (Array.isArray(parsed)) {
    return parsed.map((record, index) => {
      const recordText = JSON.stringify(record);
      return { index, recordText, result: adapter.normalizeRecord(record, recordText, options) };
    });
  }
  return [{ index: 0, result: adapter.normalizeRecord(parsed, text, options) }];
}
