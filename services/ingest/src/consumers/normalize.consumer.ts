import type { AccessEvent } from '@tokenwatch/contracts';
import type { NormalizeOptions } from '@tokenwatch/formats';
import { runBatchConsumer, type ConsumedMessage, type DeadLetter, type RunningConsumer } from '@tokenwatch/kafka';
import { encodeEvent, normalizeMessages, publishBatch, reasonLabel, SOURCE_HEADER, type EnrichState } from '@tokenwatch/pipeline';
import type { IngestInput } from '../ingest-topics';
import { deadLetterSink } from './kafka-sinks';
import { consumerHooks, type ConsumerDeps } from './consumer-deps';

export interface NormalizeConsumerDeps extends ConsumerDeps {
  /** The raw topics to read, each with the adapter of its format. */
  inputs: IngestInput[];
  normalizeOptions: NormalizeOptions;
  normalizeState: EnrichState;
}

/**
 * The Kafka shell of the pipeline's normalize side: raw topics -> tokenwatch.events.v1 (keyed by
 * fingerprint); each message is parsed by the adapter of the topic it came from. Bad records of
 * every input go to the one raw dead-letter topic, whose source-topic header says where they came from.
 */
export function startNormalizeConsumer(deps: NormalizeConsumerDeps): Promise<RunningConsumer> {
  const stage = 'normalize';
  const inputByTopic = new Map(deps.inputs.map((input) => [input.topic, input]));
  const deadLetters = deadLetterSink(deps.producer, deps.topics.rawAccessDlq);
  return runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: deps.inputs.map((input) => input.topic),
    partitionsConcurrently: deps.partitionsConcurrently,
    ...consumerHooks(deps, stage),
    handle: async (messages) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      const events: AccessEvent[] = [];
      const sources: string[] = [];
      const rejected: Array<{ letters: DeadLetter[]; format: string }> = [];
      for (const [topic, ofTopic] of groupByTopic(messages)) {
        const input = inputByTopic.get(topic);
        if (!input) throw new Error(`normalize: no adapter for topic ${topic}`);
        const batch = normalizeMessages(ofTopic, input.adapter, deps.normalizeOptions, deps.normalizeState);
        for (const event of batch.events) events.push(event);
        for (const source of batch.sources) sources.push(source);
        rejected.push({ letters: batch.deadLetters, format: input.format });
      }
      // Each event says which raw record it came from, so the scorer can tell a batch produced again after a crash.
      const sinks = {
        events: () =>
          deps.producer.send(
            deps.topics.events,
            events.map((event, i) => ({ ...encodeEvent(event), headers: { [SOURCE_HEADER]: sources[i]! } })),
          ),
        deadLetters,
      };
      await publishBatch({ events, deadLetters: rejected.flatMap((r) => r.letters) }, sinks, deps.now());
      deps.metrics.recordsIn.inc({ stage }, messages.length);
      deps.metrics.eventsOut.inc({ stage }, events.length);
      for (const { letters, format } of rejected) {
        for (const letter of letters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason), format });
      }
      timer();
    },
  });
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
