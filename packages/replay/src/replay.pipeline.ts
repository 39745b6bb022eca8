import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import { RouteCap, type GatewayAdapter, type Line } from '@tokenwatch/formats';
import { DEFAULT_ROUTE_CAP, normalizeMessages, scoreEvents, type EnrichState, type RawMessage } from '@tokenwatch/pipeline';
import { ReorderBuffer } from './reorder-buffer';

export interface ReplayOptions {
  adapter: GatewayAdapter;
  fingerprintKey: string | Uint8Array;
  scorer: Scorer;
  /** Adds what normalize leaves out (geo); default none. */
  enrich?: (event: AccessEvent) => AccessEvent;
  /** Distinct routes per token before the rest become `{other}`, as in `tokenwatch up`; default 64. */
  maxRoutesPerToken?: number;
  /** How far out of event-time order the input may be; default 5 minutes. */
  reorderWindowMs?: number;
  /** Most events held for reordering (bounds memory); default 200,000. */
  maxBuffered?: number;
  /** Called for each rejected record (never with the record's content). */
  onReject?: (line: number, reason: string) => void;
}

export interface ReplayStats {
  lines: number;
  events: number;
  rejected: number;
  /** Events older than one already scored: scored out of order. */
  late: number;
  alerts: number;
  /** Most events held at once by the reorder buffer. */
  peakBuffered: number;
  /** Event time of the last scored event. */
  lastTs: number | null;
}

export const newReplayStats = (): ReplayStats => ({ lines: 0, events: 0, rejected: 0, late: 0, alerts: 0, peakBuffered: 0, lastTs: null });

/**
 * The detection pipeline in-process, through the stages of @tokenwatch/pipeline that the Kafka
 * consumers run: each line is a gateway message (a record, a JSON array, an envelope or a text line)
 * -> decode -> normalize -> enrich (route cap, geo) -> event-time order (bounded reorder window) ->
 * score -> alerts. `stats` is updated as it goes, for progress reports.
 */
export async function* replayLines(lines: AsyncIterable<Line>, options: ReplayOptions, stats: ReplayStats = newReplayStats()): AsyncGenerator<Alert> {
  const buffer = new ReorderBuffer(options.reorderWindowMs ?? 5 * 60_000, options.maxBuffered ?? 200_000);
  const normalizeOptions = { fingerprintKey: options.fingerprintKey };
  const enrichState: EnrichState = {
    routeCap: new RouteCap({ maxRoutesPerToken: options.maxRoutesPerToken ?? DEFAULT_ROUTE_CAP }),
    ...(options.enrich ? { enrich: options.enrich } : {}),
  };
  const score = (events: AccessEvent[]): Alert[] => {
    if (events.length === 0) return [];
    const { alerts } = scoreEvents(events, options.scorer);
    stats.events += events.length;
    stats.lastTs = events[events.length - 1]!.ts;
    stats.alerts += alerts.length;
    return alerts;
  };

  for await (const line of lines) {
    stats.lines += 1;
    if (line.kind === 'too-long') {
      stats.rejected += 1;
      options.onReject?.(line.number, `line too long (${line.length} bytes)`);
      continue;
    }
    if (line.text.trim() === '') continue;
    const { events, deadLetters } = normalizeMessages([lineMessage(line.number, line.text)], options.adapter, normalizeOptions, enrichState);
    for (const letter of deadLetters) {
      stats.rejected += 1;
      options.onReject?.(line.number, letter.reason);
    }
    for (const event of events) {
      const due = buffer.push(event);
      if (due.length > 0) yield* score(due);
    }
    stats.late = buffer.late;
    stats.peakBuffered = buffer.peak;
  }
  yield* score(buffer.drain());
  stats.late = buffer.late;
}

/** A log line as the message the stages take; no broker time, so only the static time bounds apply. */
function lineMessage(number: number, text: string): RawMessage {
  return { topic: 'replay', partition: 0, offset: String(number), key: null, value: Buffer.from(text), headers: {}, timestamp: 0 };
}
