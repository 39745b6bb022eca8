import { gunzipSync } from 'node:zlib';
import type { AccessEvent } from '@tokenwatch/contracts';
import {
  MAX_MESSAGE_CHARS,
  normalizeMessage,
  reasonLabel as formatsReasonLabel,
  type GatewayAdapter,
  type NormalizeOptions,
  type RouteCap,
} from '@tokenwatch/formats';
import type { ConsumedMessage, DeadLetter } from '@tokenwatch/kafka';

export interface NormalizedBatch {
  events: AccessEvent[];
  deadLetters: DeadLetter[];
}

/** What the pipeline holds across batches (both optional). */
export interface NormalizeStepState {
  /** Caps distinct routes per token (stateful, bounded); routes past the cap become `{other}`. */
  routeCap?: RouteCap;
  /** Enrichment of each event, e.g. `createEnricher(createGeoLookup())` from @tokenwatch/geo. */
  enrich?: (event: AccessEvent) => AccessEvent;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Raw gateway messages -> AccessEvents and dead letters. A rejected record inside a JSON array or
 * an envelope is dead-lettered alone (its own text, with its index in the reason); a message that is
 * bad as a whole is dead-lettered with its original bytes. Gzipped messages (CloudWatch Logs
 * subscription payloads) are inflated first. Without `options.now`, "now" for the future-timestamp
 * bound is the message's broker timestamp, so replays of old topics are judged by when they were written.
 */
export function normalizeMessages(
  messages: ConsumedMessage[],
  adapter: GatewayAdapter,
  options: NormalizeOptions,
  state: NormalizeStepState = {},
): NormalizedBatch {
  const events: AccessEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    const decoded = decode(message.value);
    if (!decoded.ok) {
      deadLetters.push({ message, reason: decoded.reason });
      continue;
    }
    const now = options.now ?? (message.timestamp > 0 ? message.timestamp : undefined);
    const messageOptions = now === options.now ? options : { ...options, now };
    for (const { index, recordText, result } of normalizeMessage(decoded.text, adapter, messageOptions)) {
      if (result.kind === 'ok') events.push(finish(result.value, state));
      else if (recordText === undefined) deadLetters.push({ message, reason: result.reason });
      else deadLetters.push({ message: { ...message, value: Buffer.from(recordText) }, reason: `record ${index}: ${result.reason}` });
    }
  }
  return { events, deadLetters };
}

function finish(event: AccessEvent, state: NormalizeStepState): AccessEvent {
  let out = event;
  if (state.routeCap && out.route !== null) {
    const route = state.routeCap.apply(out.token.fp, out.route);
    if (route !== out.route) out = { ...out, route };
  }
  return state.enrich ? state.enrich(out) : out;
}

type Decoded = { ok: true; text: string } | { ok: false; reason: string };

function decode(value: Buffer | null): Decoded {
  if (!value) return { ok: true, text: '' };
  if (value.length >= 2 && value[0] === GZIP_MAGIC[0] && value[1] === GZIP_MAGIC[1]) {
    try {
      return { ok: true, text: gunzipSync(value, { maxOutputLength: MAX_MESSAGE_CHARS * 4 }).toString('utf8') };
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return { ok: false, reason: tooLarge ? 'message too large: gzip payload inflates past the limit' : 'invalid gzip: cannot inflate' };
    }
  }
  return { ok: true, text: value.toString('utf8') };
}

/** A bounded label for metrics: the reason up to its first colon ("invalid JSON", "no credential"). */
export function reasonLabel(reason: string): string {
  return formatsReasonLabel(reason);
}
