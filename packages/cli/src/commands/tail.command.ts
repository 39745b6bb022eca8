import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { FORMAT_NAMES, isFormatName } from '@tokenwatch/formats';
import { createIngestInputs } from '@tokenwatch/ingest';
import { createProducer } from '@tokenwatch/kafka';
import { ExitCode, UsageError } from '../cli-error';
import { onShutdownSignal } from '../shutdown-signal';
import { FileFollower } from '../tail/file-follower';
import { TailPositions } from '../tail/tail-positions';
import { withKafkaErrorsOf } from './kafka-connection';
import { openRuntime } from '../runtime/open-runtime';
import type { Config } from '../config/load-config';

export const TAIL_USAGE = `usage: tokenwatch tail --format F [--topic T] [--from-beginning] [--poll-ms N] FILE…

Follows gateway log files like "tail -F" and sends each new line as one message to the raw topic that
reads format F (TOKENWATCH_INGEST_FORMAT / TOKENWATCH_INGEST_TOPICS), or to T. Survives rotation (the
old file is read to its end first) and truncation; a missing file is waited for. Positions are kept in
TOKENWATCH_HOME/tail/positions.json and saved after Kafka acknowledged the lines, so a restart goes on
where it stopped (also when a file was rotated meanwhile). Ctrl-C stops after the lines in flight.

options:
  --format F         kong | envoy | aws-apigw | nginx | traefik | apisix | caddy | haproxy | auto | custom
  --topic T          send to T instead of the input topic of format F
  --from-beginning   read files with no saved position from their start (default: their end, like tail -F)
  --poll-ms N        how often files are checked (default 250)

example: tokenwatch tail --format nginx /var/log/nginx/api.log`;

/** `tokenwatch tail`: follows log files into the raw topic (see TAIL_USAGE). */
export async function tailCommand(args: string[], sections: Config): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${TAIL_USAGE}\n`);
    return ExitCode.ok;
  }
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      topic: { type: 'string' },
      'from-beginning': { type: 'boolean', default: false },
      'poll-ms': { type: 'string', default: '250' },
    },
    allowPositionals: true,
  });
  if (!values.format || !isFormatName(values.format)) throw new UsageError(`tail needs --format F, one of ${FORMAT_NAMES.join(', ')}`);
  if (positionals.length === 0) throw new UsageError('tail needs at least one FILE');
  const pollMs = Number(values['poll-ms']);
  if (!Number.isInteger(pollMs) || pollMs < 10 || pollMs > 60_000) throw new UsageError('--poll-ms takes a whole number of milliseconds from 10 to 60000');
  const config = sections.ingest;
  const inputs = createIngestInputs(config, topicNames(config.TOKENWATCH_TOPIC_PREFIX));
  const topic = values.topic ?? inputs.find((i) => i.format === values.format)?.topic;
  if (!topic) {
    throw new UsageError(
      `no input topic reads format "${values.format}" (inputs: ${inputs.map((i) => `${i.topic}=${i.format}`).join(', ')}): set TOKENWATCH_INGEST_FORMAT or TOKENWATCH_INGEST_TOPICS, or pass --topic`,
    );
  }
  const rt = await openRuntime(sections, { name: 'tokenwatch-tail', needs: [], kafka: { assumeLocalBroker: true, log: false } });
  const brokers = await rt.brokers();
  const positions = new TailPositions(resolve(sections.home, 'tail', 'positions.json'));
  const warn = (message: string) => process.stderr.write(`tail: ${message}\n`);
  const followers = positionals.map((file) => {
    const path = resolve(file);
    const saved = positions.get(path);
    return new FileFollower(path, { start: values['from-beginning'] ? 'beginning' : 'end', warn, ...(saved ? { saved } : {}) });
  });

  const sent = await withKafkaErrorsOf(
    config,
    brokers,
    async () => {
      const producer = await createProducer(await rt.kafka());
      let stopping = false;
      void onShutdownSignal().then(() => (stopping = true));
      process.stderr.write(`tail: following ${followers.map((f) => f.path).join(', ')} -> ${topic} (Ctrl-C to stop)\n`);
      let count = 0;
      try {
        while (!stopping) {
          let idle = true;
          for (const follower of followers) {
            const lines = follower.poll();
            if (lines.length > 0) {
              idle = false;
              await producer.send(
                topic,
                lines.map((value) => ({ key: null, value })),
              );
              count += lines.length;
            }
            positions.set(follower.path, follower.position());
          }
          if (!idle) positions.save();
          if (idle) await sleep(pollMs);
        }
        positions.save();
      } finally {
        for (const follower of followers) follower.close();
        await producer.disconnect();
      }
      return count;
    },
    [topic],
  );
  process.stderr.write(`tail: stopped after ${sent} lines\n`);
  return ExitCode.ok;
}
