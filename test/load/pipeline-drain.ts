import type { Kafka } from 'kafkajs';
import { groupLag } from '../e2e/support/kafka-io';
import { threadCpu } from './thread-cpu';

export interface Drained {
  /** When both groups had committed everything. */
  end: number;
  /**
   * When the first batch was handled (normalized, and scored in memory), how many raw records were
   * handled then, and the CPU used so far (process, threads). Not the first commit: `up` commits a
   * batch only once its writes land, while the next batches are already being scored.
   */
  firstBatch: { at: number; normalized: number; cpu: NodeJS.CpuUsage; threads: Map<string, number> } | undefined;
  rssPeak: number;
}

/**
 * Waits until the normalize and score groups have committed every record of their topics, sampling RSS
 * as it goes; `handled` says how many raw records the pipeline has handled so far (its metrics; without
 * it there is no `firstBatch`).
 */
export async function waitForDrain(
  kafka: Kafka,
  groups: { normalize: string; score: string },
  topics: { raw: string; events: string },
  records: number,
  handled: () => Promise<number> = () => Promise.resolve(0),
): Promise<Drained> {
  const handledBefore = await handled();
  let firstBatch: Drained['firstBatch'];
  let rssPeak = process.memoryUsage().rss;
  for (;;) {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const rawLag = await groupLag(kafka, groups.normalize, topics.raw);
    const normalized = (await handled()) - handledBefore;
    if (!firstBatch && normalized > 0) firstBatch = { at: performance.now(), normalized, cpu: process.cpuUsage(), threads: threadCpu() };
    if (rawLag + (await groupLag(kafka, groups.score, topics.events)) === 0) return { end: performance.now(), firstBatch, rssPeak };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
