import { STREAM_DEFAULTS, streamSimulation, writerFor } from '@tokenwatch/simulator';
import type { MessageProducer, OutgoingMessage } from '@tokenwatch/kafka';

export interface SimulationFeeder {
  /** Resolves when the simulation ended or was stopped; never rejects (errors go to `onError`). */
  done: Promise<void>;
  stop(): Promise<void>;
}

const FLUSH_EVERY_MS = 200;
const FLUSH_AT = 2_000;

/**
 * `tokenwatch up --simulate`: two days of simulated traffic with every attack scenario, compressed
 * into about a minute and produced to the raw topic, so a new user sees alerts right away.
 */
export function startSimulationFeeder(options: {
  producer: MessageProducer;
  topic: string;
  format: string;
  now: number;
  onProgress: (line: string) => void;
  onError: (error: unknown) => void;
}): SimulationFeeder {
  const abort = new AbortController();
  const format = writerFor(options.format) ? options.format : 'kong';
  let batch: OutgoingMessage[] = [];
  let sent = 0;
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const chunk = batch;
    batch = [];
    sent += chunk.length;
    sending = sending.then(() => options.producer.send(options.topic, chunk));
    return sending;
  };
  const timer = setInterval(() => void flush().catch(options.onError), FLUSH_EVERY_MS);

  const done = (async () => {
    options.onProgress(`simulate: two days of ${format} traffic with labelled attacks, played in about ${STREAM_DEFAULTS.seconds} s, into ${options.topic}`);
    try {
      for await (const { record } of streamSimulation({ format, compressed: { now: options.now }, signal: abort.signal })) {
        batch.push({ key: null, value: record });
        if (batch.length >= FLUSH_AT) await flush();
      }
      await flush();
      options.onProgress(`simulate: done, ${sent} records sent`);
    } catch (error) {
      options.onError(error);
    } finally {
      clearInterval(timer);
    }
  })();

  return {
    done,
    async stop() {
      abort.abort();
      await done;
      await sending.catch(options.onError);
    },
  };
}
