import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { topicNames, type TopicSet } from '@tokenwatch/contracts';
import type { Kafka } from 'kafkajs';
import { eventually } from './eventually';
import { groupLag, testKafka } from './kafka-io';
import { upEnv, type TokenwatchProcess, type UpEnvOptions } from './tokenwatch-process';

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

/**
 * Waits until up's normalize and score groups have read everything; on time-out the error carries the
 * end of up's output.
 */
export async function pipelineCaughtUp(
  drill: { kafka: Kafka; prefix: string; topics: TopicSet },
  up: () => TokenwatchProcess | undefined,
  { timeoutMs = 120_000, intervalMs = 500 } = {},
): Promise<void> {
  const { kafka, prefix, topics } = drill;
  await eventually(
    async () => (await groupLag(kafka, `${prefix}-normalize`, topics.rawAccess)) + (await groupLag(kafka, `${prefix}-score`, topics.events)),
    (lag) => lag === 0,
    { timeoutMs, intervalMs, what: 'both consumer groups caught up' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\ntokenwatch output:\n${up()?.output().slice(-3000)}`);
  });
}
