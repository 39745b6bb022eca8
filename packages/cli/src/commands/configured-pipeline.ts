import type { TopicSet } from '@tokenwatch/contracts';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { startConfiguredIngestPipeline, type IngestConfig, type IngestInput, type IngestPipeline, type IngestPipelineDeps } from '@tokenwatch/ingest';
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

/** The ingest pipeline as the settings describe it, with the fingerprint key and the detector tuning file resolved: `tokenwatch up` and `tokenwatch run ingest`. */
export async function startConfiguredPipeline(o: ConfiguredPipelineOptions): Promise<IngestPipeline> {
  const { config } = o;
  return startConfiguredIngestPipeline({
    ...o,
    fingerprintKey: resolveFingerprintKey({ configured: config.TOKENWATCH_FINGERPRINT_KEY, home: o.home, production: config.TOKENWATCH_ENV === 'production' }),
    scorer: await createConfiguredDetector(config.TOKENWATCH_DETECTOR_CONFIG),
  });
}
