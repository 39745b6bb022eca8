import type { TopicSet } from '@tokenwatch/contracts';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import type { Scorer } from '@tokenwatch/detector';
import type { Kafka } from '@tokenwatch/kafka';
import type { Logger, Registry } from '@tokenwatch/observability';
import { createNormalizeState } from './ingest-adapter';
import type { IngestConfig } from './ingest.config';
import type { IngestInput } from './ingest-topics';
import { startIngestPipeline, type IngestPipeline, type IngestPipelineDeps } from './ingest.service';

export interface ConfiguredPipelineOptions {
  config: IngestConfig;
  /** createIngestInputs(config, topics), made before anything starts so that a bad setting fails first. */
  inputs: IngestInput[];
  topics: TopicSet;
  kafka: Kafka;
  /** Absent for a normalize-only process. */
  clickhouse?: ClickHouse;
  registry: Registry;
  log: Logger;
  fingerprintKey: string | Uint8Array;
  /** The detector of TOKENWATCH_DETECTOR_CONFIG (a full Detector keeps its baselines in ClickHouse). */
  scorer: Scorer;
  roles?: IngestPipelineDeps['roles'];
  /** Default TOKENWATCH_ANALYTICS_WRITER; `tokenwatch up` passes `inline` (one process does everything). */
  analyticsWriter?: IngestPipelineDeps['analyticsWriter'];
  /** The events hop while TOKENWATCH_EVENTS_HOP is unset; default `kafka`. `tokenwatch up` passes `memory`. */
  defaultEventsHop?: IngestPipelineDeps['eventsHop'];
}

/**
 * The ingest pipeline as the settings describe it (route cap, geo, baselines, partitions, group
 * prefix): one definition for `tokenwatch up`, `tokenwatch run ingest` and `pnpm bench:pipeline`.
 */
export function startConfiguredIngestPipeline(o: ConfiguredPipelineOptions): Promise<IngestPipeline> {
  const { config } = o;
  return startIngestPipeline({
    kafka: o.kafka,
    ...(o.clickhouse ? { clickhouse: o.clickhouse } : {}),
    inputs: o.inputs,
    normalizeState: createNormalizeState(config),
    fingerprintKey: o.fingerprintKey,
    scorer: o.scorer,
    baselines: { saveIntervalSeconds: config.TOKENWATCH_BASELINE_SAVE_SECONDS, idleEvictHours: config.TOKENWATCH_BASELINE_IDLE_HOURS },
    registry: o.registry,
    log: o.log,
    topics: o.topics,
    partitions: config.TOKENWATCH_PARTITIONS,
    groupPrefix: config.TOKENWATCH_GROUP_PREFIX,
    ...(o.roles ? { roles: o.roles } : {}),
    analyticsWriter: o.analyticsWriter ?? config.TOKENWATCH_ANALYTICS_WRITER,
    eventsHop: config.TOKENWATCH_EVENTS_HOP ?? o.defaultEventsHop ?? 'kafka',
  });
}
