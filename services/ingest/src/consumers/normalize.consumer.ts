import type { NormalizeOptions } from '@tokenwatch/formats';
import { runBatchConsumer, type RunningConsumer } from '@tokenwatch/kafka';
import { encodeEvent, formatSourcePosition, publishBatch, SOURCE_HEADER, type EnrichState } from '@tokenwatch/pipeline';
import type { IngestInput } from '../ingest-topics';
import { deadLetterSink } from './kafka-sinks';
import { consumerHooks, type ConsumerDeps } from './consumer-deps';
import { countNormalized, normalizeInputs } from './normalize-inputs';

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
      const batch = normalizeInputs(messages, inputByTopic, deps.normalizeOptions, deps.normalizeState);
      const { events, sources } = batch;
      // Each event says which raw record it came from, so the scorer can tell a batch produced again after a crash.
      const sinks = {
        events: () =>
          deps.producer.send(
            deps.topics.events,
            events.map((event, i) => ({ ...encodeEvent(event), headers: { [SOURCE_HEADER]: formatSourcePosition(sources[i]!) } })),
          ),
        deadLetters,
      };
      await publishBatch({ events, deadLetters: batch.deadLetters }, sinks, deps.now());
      countNormalized(deps.metrics, stage, messages.length, batch);
      timer();
    },
  });
}
