import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import { normalizeMessage, type GatewayAdapter, type Line } from '@tokenwatch/formats';
import { ReorderBuffer } from './reorder-buffer';

export interface ReplayOptions {
  adapter: GatewayAdapter;
  fingerprintKey: string | Uint8Array;
  scorer: Scorer;
  /** Adds what normalize leaves out (geo); default none. */
  enrich?: (event: AccessEvent) => AccessEvent;
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
 * The detection pipeline in-process: each line is a gateway message (a record, a JSON array, an
 * envelope or a text line) -> normalize -> enrich -> event-time order (bounded reorder window) ->
 * scorer -> alerts. `stats` is updated as it goes, for progress reports.
 */
export async function* replayLines(lines: AsyncIterable<Line>, options: ReplayOptions, stats: ReplayStats = newReplayStats()): AsyncGenerator<Alert> {
  const buffer = new ReorderBuffer(options.reorderWindowMs ?? 5 * 60_000, options.maxBuffered ?? 200_000);
  const normalizeOptions = { fingerprintKey: options.fingerprintKey };
  const score = (events: AccessEvent[]): Alert[] => {
    const alerts: Alert[] = [];
    for (const event of events) {
      stats.events += 1;
      stats.lastTs = event.ts;
      for (const alert of options.scorer.observe(event)) alerts.push(alert);
    }
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
    for (const outcome of normalizeMessage(line.text, options.adapter, normalizeOptions)) {
      if (outcome.result.kind !== 'ok') {
        stats.rejected += 1;
        options.onReject?.(line.number, outcome.result.reason);
        continue;
      }
      const event = options.enrich ? options.enrich(outcome.result.value) : outcome.result.value;
      const due = buffer.push(event);
      if (due.length > 0) yield* score(due);
    }
    stats.late = buffer.late;
    stats.peakBuffered = buffer.peak;
  }
  yield* score(buffer.drain());
  stats.late = buffer.late;
}
