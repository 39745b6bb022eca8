import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { createProducer, type OutgoingMessage } from '@tokenwatch/kafka';
import { ExitCode, UsageError } from '../cli-error';
import { connectKafka, withKafkaErrorsOf } from './kafka-connection';
import type { Config } from '../config/load-config';

const BATCH = 1_000;

/**
 * `tokenwatch produce [--topic T] [FILE|-]`: sends each non-empty line as one message to
 * gateway.access.v1 (or T), so a log file can be fed to a running `tokenwatch up`.
 */
export async function produceCommand(args: string[], sections: Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { topic: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('produce takes at most one FILE (or - for stdin)');
  const config = sections.ingest;
  const brokers = config.KAFKA_BROKERS ?? [`127.0.0.1:${config.TOKENWATCH_KAFKA_PORT}`];
  const topic = values.topic ?? topicNames(config.TOKENWATCH_TOPIC_PREFIX).rawAccess;
  const file = positionals[0];
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);

  const sent = await withKafkaErrorsOf(config, brokers, () => produceLines(input, topic, connectKafka(config, brokers, 'tokenwatch-produce')), [topic]);
  process.stderr.write(`produced ${sent} messages to ${topic} at ${brokers.join(',')}\n`);
  return ExitCode.ok;
}

async function produceLines(input: NodeJS.ReadableStream, topic: string, kafka: ReturnType<typeof connectKafka>): Promise<number> {
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
