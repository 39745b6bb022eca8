import type { AccessEvent } from '@tokenwatch/contracts';
import { normalizeMessage, reasonLabel as formatsReasonLabel, type GatewayAdapter, type NormalizeOptions } from '@tokenwatch/formats';
import { BatchOutcomes } from './batch-outcomes';
import { decodeMessage } from './decode.stage';
import { enrichEvent, type EnrichState } from './enrich.stage';
import { messageOrigin, type SourcePosition } from './event-source';
import type { DeadLetter, RawMessage } from './raw-message';
import { fromStepResult, ok } from './stage-result';

export interface NormalizedBatch<M extends RawMessage = RawMessage> {
  events: AccessEvent[];
  deadLetters: Array<DeadLetter<M>>;
}

export interface NormalizedRawBatch<M extends RawMessage = RawMessage> extends NormalizedBatch<M> {
  /** Per event, the raw record it came from: the events topic's `tw-src` header (`formatSourcePosition`). */
  sources: SourcePosition[];
}

/**
 * decode -> normalize -> enrich over raw gateway messages: AccessEvents (credential replaced by its
 * fingerprint, route capped, geo set) and dead letters. A rejected record inside a JSON array or an
 * envelope is dead-lettered alone (its own text, with its index in the reason); a message that is
 * bad as a whole is dead-lettered with its original bytes. Without `options.now`, "now" for the
 * future-timestamp bound is the message's broker timestamp, so replays of old topics are judged by
 * when they were written (and a message without a timestamp only by the static bounds).
 */
export function normalizeMessages<M extends RawMessage>(
  messages: readonly M[],
  adapter: GatewayAdapter,
  options: NormalizeOptions,
  state: EnrichState = {},
): NormalizedRawBatch<M> {
  const outcomes = new BatchOutcomes<M, AccessEvent>();
  const sources: SourcePosition[] = [];
  for (const message of messages) {
    const decoded = decodeMessage(message.value);
    if (decoded.kind !== 'ok') {
      outcomes.add(message, decoded);
      continue;
    }
    const origin = messageOrigin(message);
    const now = options.now ?? (message.timestamp > 0 ? message.timestamp : undefined);
    const messageOptions = now === options.now ? options : { ...options, now };
    for (const { index, recordText, result } of normalizeMessage(decoded.value, adapter, messageOptions)) {
      if (result.kind === 'ok') {
        outcomes.add(message, ok(enrichEvent(result.value, state)));
        sources.push({ ...origin, index });
      } else if (recordText === undefined) outcomes.add(message, fromStepResult(result));
      else
        outcomes.add(
          { ...message, value: Buffer.from(recordText) },
          fromStepResult(result.kind === 'reject' ? { ...result, reason: `record ${index}: ${result.reason}` } : result),
        );
    }
  }
  return { events: outcomes.values, deadLetters: outcomes.deadLetters, sources };
}

/** A bounded label for metrics: the reason up to its first colon ("invalid JSON", "no credential"). */
export function reasonLabel(reason: string): string {
  return formatsReasonLabel(reason);
}
