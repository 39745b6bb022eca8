import type { EnvelopeEntry } from '../adapter';
import type { JsonObject } from '../record-access';

/**
 * A CloudWatch Logs subscription payload (after gunzip):
 * `{ messageType, owner, logGroup, logStream, subscriptionFilters, logEvents: [{ id, timestamp, message }] }`.
 * Each `message` is one access-log line as the stage's format wrote it. CONTROL_MESSAGE payloads
 * (sent when a subscription is created) hold no access-log records.
 */
export function isCloudWatchEnvelope(value: JsonObject): boolean {
  return Array.isArray(value['logEvents']) && ('messageType' in value || 'logGroup' in value || 'logStream' in value);
}

export function unwrapCloudWatch(value: JsonObject): EnvelopeEntry[] | undefined {
  if (!isCloudWatchEnvelope(value)) return undefined;
  if (value['messageType'] === 'CONTROL_MESSAGE') return [];
  return (value['logEvents'] as unknown[]).map((event) => {
    const message = typeof event === 'object' && event !== null ? (event as JsonObject)['message'] : undefined;
    return { text: typeof message === 'string' ? message : '' };
  });
}
