import type { TopicSet } from '@tokenwatch/contracts';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { createNormalizeState, startIngestPipeline, type IngestConfig, type IngestInput, type IngestPipeline, type IngestPipelineDeps } from '@tokenwatch/ingest';
import type { Kafka } from '@tokenwatch/kafka';
import type { Logger, Registry } from '@tokenwatch/observability';
import { createConfiguredDetector } from '../detector-config';

export interface ConfiguredPipelineOptions {
  config: IngestConfig;
  /** createIngestInputs(config, topics), made before anything starts so that a bad setting fails first. */
  inputs: IngestInput[];
  topics: TopicSet;
  kafka: Kafka;
  clickhouse: ClickHouse;
  registry: Registry;
  log: Logger;
  home: string;
  roles?: IngestPipelineDeps['roles'];
}

/** The ingest pipeline as the settings describe it: one definition for `tokenwatch up` and `tokenwatch run ingest`. */
export async function startConfiguredPipeline(o: ConfiguredPipelineOptions): Promise<IngestPipeline> {
  const { config } = o;
  return startIngestPipeline({
    kafka: o.kafka,
    clickhouse: o.clickhouse,
    inputs: o.inputs,
    normalizeState: createNormalizeState(config),
    fingerprintKey: resolveFingerprintKey({ configured: config.TOKENWATCH_FINGERPRINT_KEY, home: o.home, production: config.TOKENWATCH_ENV === 'production' }),
    scorer: await createConfiguredDetector(config.TOKENWATCH_DETECTOR_CONFIG),
    baselines: { saveIntervalSeconds: config.TOKENWATCH_BASELINE_SAVE_SECONDS, idleEvictHours: config.TOKENWATCH_BASELINE_IDLE_HOURS },
    registry: o.registry,
    log: o.log,
    topics: o.topics,
    partitions: config.TOKENWATCH_PARTITIONS,
    groupPrefix: config.TOKENWATCH_GROUP_PREFIX,
    ...(o.roles ? { roles: o.roles } : {}),
  });
}
