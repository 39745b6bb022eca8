import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { testKafka } from './kafka-io';
import { upEnv, type UpEnvOptions } from './tokenwatch-process';

/**
 * What a drill of `tokenwatch up` on the shared broker starts from: a run id, its own prefix for
 * topics, groups and database (`<name>-<run>`), its own home, and up's environment.
 */
export function drillSetup(name: string, options: Pick<UpEnvOptions, 'partitions' | 'viewerKey'> = {}) {
  const run = randomBytes(4).toString('hex');
  const prefix = `${name}-${run}`;
  const home = mkdtempSync(join(tmpdir(), `tokenwatch-${name}-`));
  const brokers = inject('kafkaBrokers');
  const env = upEnv({ brokers, home, prefix, ...options });
  return { run, prefix, home, brokers, kafka: testKafka(brokers), topics: topicNames(prefix), database: env.CLICKHOUSE_DATABASE, env };
}
