import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalBroker } from '@tokenwatch/kafka';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

/**
 * The e2e tests run against a real broker: KAFKA_BROKERS when set (CI starts the local broker
 * first), otherwise the local broker, started here if it is not running and left running after.
 */
export default async function setup(project: TestProject): Promise<void> {
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const status = await startLocalBroker({
      home: resolve(process.env.TOKENWATCH_HOME ?? '.tokenwatch'),
      port: Number(process.env.TOKENWATCH_KAFKA_PORT ?? 9092),
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    brokers = status.brokers;
  }
  project.provide('kafkaBrokers', brokers);
}
