import type { Kafka } from 'kafkajs';
import { groupLag } from '../e2e/support/kafka-io';
import { threadCpu } from './thread-cpu';

export interface Drained {
  /** When both groups had committed everything. */
  end: number;
  /** When normalize first committed, how many raw records it had committed then, and the CPU used so far (process, threads). */
  firstCommit: { at: number; normalized: number; cpu: NodeJS.CpuUsage; threads: Map<string, number> } | undefined;
  rssPeak: number;
}

/** Waits until the normalize and score groups have committed every record of their topics, sampling RSS as it goes. */
export async function waitForDrain(
  kafka: Kafka,
  groups: { normalize: string; score: string },
  topics: { raw: string; events: string },
  records: number,
): Promise<Drained> {
  let firstCommit: Drained['firstCommit'];
  let rssPeak = process.memoryUsage().rss;
  for (;;) {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const rawLag = await groupLag(kafka, groups.normalize, topics.raw);
    if (!firstCommit && rawLag < records) firstCommit = { at: performance.now(), normalized: records - rawLag, cpu: process.cpuUsage(), threads: threadCpu() };
    if (rawLag + (await groupLag(kafka, groups.score, topics.events)) === 0) return { end: performance.now(), firstCommit, rssPeak };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
