import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { createProducer, type Kafka, type OutgoingMessage } from '@tokenwatch/kafka';
import { ExitCode, UsageError } from '../cli-error';
import { withKafkaErrorsOf } from './kafka-connection';
import type { Config } from '../config/load-config';
import { openRuntime } from '../runtime/open-runtime';

const BATCH = 1_000;

/**
 * `tokenwatch produce [--topic T] [FILE|-]`: sends each non-empty line as one message to
 * gateway.access.v1 (or T), so a log file can be fed to a running `tokenwatch up`.
 */
export async function produceCommand(args: string[], sections: Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { topic: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('produce takes at most one FILE (or - for stdin)');
  const config = sections.ingest;
  const rt = await openRuntime(sections, { name: 'tokenwatch-produce', needs: [], kafka: { assumeLocalBroker: true, log: false } });
  const brokers = await rt.brokers();
  const topic = values.topic ?? topicNames(config.TOKENWATCH_TOPIC_PREFIX).rawAccess;
  const file = positionals[0];
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);

  const sent = await withKafkaErrorsOf(config, brokers, () => produceLines(input, topic, rt.kafka()), [topic]);
  process.stderr.write(`produced ${sent} messages to ${topic} at ${brokers.join(',')}\n`);
  return ExitCode.ok;
}

async function produceLines(input: NodeJS.ReadableStream, topic: string, kafka: Promise<Kafka>): Promise<number> {
  const producer = await createProducer(await kafka);
  let sent = 0;
  try {
    let batch: OutgoingMessage[] = [];
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      batch.push({ key: null, value: line });
      if (batch.length >= BATCH) {
        await producer.send(topic, batch);
        sent += batch.length;
        batch = [];
      }
    }
    await producer.send(topic, batch);
    sent += batch.length;
  } finally {
    await producer.disconnect();
  }
  return sent;
}
