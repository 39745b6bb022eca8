import type { AccessEvent } from '@tokenwatch/contracts';
import type { NormalizeOptions } from '@tokenwatch/formats';
import type { ConsumedMessage } from '@tokenwatch/kafka';
import { normalizeMessages, reasonLabel, type DeadLetter, type EnrichState, type SourcePosition } from '@tokenwatch/pipeline';
import type { IngestInput } from '../ingest-topics';
import type { IngestMetrics } from '../ingest.metrics';

export interface NormalizedInputs {
  events: AccessEvent[];
  /** Per event, the raw record it came from. */
  sources: SourcePosition[];
  deadLetters: Array<DeadLetter<ConsumedMessage>>;
  /** The dead letters again, by the format of the topic they came from (for the rejection counter). */
  rejected: Array<{ letters: Array<DeadLetter<ConsumedMessage>>; format: string }>;
}

/** Normalizes a batch of raw messages, each by the adapter of the topic it came from. */
export function normalizeInputs(
  messages: ConsumedMessage[],
  inputByTopic: ReadonlyMap<string, IngestInput>,
  options: NormalizeOptions,
  state: EnrichState,
): NormalizedInputs {
  const events: AccessEvent[] = [];
  const sources: SourcePosition[] = [];
  const rejected: NormalizedInputs['rejected'] = [];
  for (const [topic, ofTopic] of groupByTopic(messages)) {
    const input = inputByTopic.get(topic);
    if (!input) throw new Error(`normalize: no adapter for topic ${topic}`);
    const batch = normalizeMessages(ofTopic, input.adapter, options, state);
    for (const event of batch.events) events.push(event);
    for (const source of batch.sources) sources.push(source);
    rejected.push({ letters: batch.deadLetters, format: input.format });
  }
  return { events, sources, deadLetters: rejected.flatMap((r) => r.letters), rejected };
}

/** The normalize stage's counters for one batch. */
export function countNormalized(metrics: IngestMetrics, stage: string, messages: number, batch: NormalizedInputs): void {
  metrics.recordsIn.inc({ stage }, messages);
  metrics.eventsOut.inc({ stage }, batch.events.length);
  for (const { letters, format } of batch.rejected) {
    for (const letter of letters) metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason), format });
  }
}

/** A batch is one partition's, so usually one topic; grouping keeps that an optimisation, not an assumption. */
function groupByTopic(messages: ConsumedMessage[]): Map<string, ConsumedMessage[]> {
  const groups = new Map<string, ConsumedMessage[]>();
  for (const message of messages) {
    const group = groups.get(message.topic);
    if (group) group.push(message);
    else groups.set(message.topic, [message]);
  }
  return groups;
}
