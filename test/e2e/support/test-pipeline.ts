import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { startIngestPipeline, type IngestPipeline, type IngestPipelineDeps } from '@tokenwatch/ingest';
import { createKafka } from '@tokenwatch/kafka';
import { createLogger } from '@tokenwatch/observability';

type Given = 'clickhouse' | 'topics' | 'groupPrefix' | 'registry';

/**
 * The ingest pipeline in the test's own process, on the shared broker: a fresh fingerprint key, the
 * placeholder auth-failure scorer, 2 partitions and quiet logs unless the test says otherwise.
 */
export function startTestPipeline(name: string, deps: Pick<IngestPipelineDeps, Given> & Partial<Omit<IngestPipelineDeps, Given>>): Promise<IngestPipeline> {
  return startIngestPipeline({
    kafka: createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: name }),
    fingerprintKey: randomBytes(32).toString('hex'),
    scorer: createAuthFailureBurstScorer(),
    log: createLogger({ name, level: 'warn' }),
    partitions: 2,
    ...deps,
  });
}
