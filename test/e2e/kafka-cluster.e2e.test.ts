import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKafka, createProducer, ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { readTopic, testKafka } from './support/kafka-io';
import { startTestCluster, type TestCluster } from './support/kafka-cluster';

/**
 * A local 3-broker KRaft cluster (`tokenwatch kafka start --brokers 3`): replication factor 3 and
 * min.insync.replicas 2. A producer writes with acks=all while the broker leading the most
 * partitions is killed with SIGKILL; a consumer then reads every record: none is lost.
 */
const run = randomBytes(4).toString('hex');
const topic = `cluster-loss-${run}`;
const TOTAL = 20_000;
const BATCH = 250;
let cluster: TestCluster;
const started = Date.now();
const phase = (what: string) => process.stderr.write(`kafka-cluster +${Date.now() - started} ms: ${what}\n`);

beforeAll(async () => {
  cluster = await startTestCluster(3);
  phase('cluster up');
}, 150_000);

afterAll(async () => {
  await cluster?.dispose();
});

// Issue 14: kafkajs 2.2.4 resolved a send whose partition had moved, mid-send, from the killed leader
// to a broker that had already answered, without sending that partition's records (69–90 lost in 2 of
// 4 runs). createProducer now sends again what a send left unacknowledged; "re-sent by the producer"
// counts those records, "retried by the test" the sends kafkajs gave up on.
it('loses no acknowledged record when one of three brokers is killed mid-stream', { timeout: 240_000 }, async () => {
  const kafka = createKafka({ brokers: cluster.brokers.split(','), clientId: 'e2e-cluster' });
  await ensureTopics(kafka, [{ topic, partitions: 3 }]);
  const admin = kafka.admin();
  await admin.connect();
  const [described] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }] });
  await admin.disconnect();
  expect(described!.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
  expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('2');
  const leaders = described!.partitions.map((p) => p.leader);
  const victim = [1, 2, 3].sort((a, b) => leaders.filter((l) => l === b).length - leaders.filter((l) => l === a).length)[0]!;

  let resent = 0;
  const producer = await createProducer(kafka, { onResend: ({ messages }) => void (resent += messages) });
  let failedSends = 0;
  const sendErrors = new Set<string>();
  let killedAt = -1;
  for (let from = 0; from < TOTAL; from += BATCH) {
    if (killedAt < 0 && from >= TOTAL / 3) {
      await cluster.kill(victim);
      killedAt = from;
      phase(`broker ${victim} (leader of ${leaders.filter((l) => l === victim).length} partitions) killed after ${from} records`);
    }
    const messages = Array.from({ length: BATCH }, (_, i) => ({ key: `k${(from + i) % 97}`, value: String(from + i) }));
    for (;;) {
      try {
        await producer.send(topic, messages);
        break;
      } catch (error) {
        failedSends++; // not acknowledged: written again
        sendErrors.add(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    }
  }
  await producer.disconnect();
  phase(
    `${TOTAL} records acknowledged (acks=all); ${failedSends} sends retried by the test, ${resent} records re-sent by the producer${sendErrors.size > 0 ? ` (${[...sendErrors].join('; ')})` : ''}`,
  );

  // What the two survivors hold: the sum of the partitions' high watermarks.
  const reader = kafka.admin();
  await reader.connect();
  const highWatermarks = async () => (await reader.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  const stored = await eventually(highWatermarks, (n) => n >= TOTAL, {
    timeoutMs: 45_000,
    intervalMs: 1_000,
    what: 'every record below the high watermarks',
  }).catch(highWatermarks);
  await reader.disconnect();
  phase(`stored on the survivors: ${stored}`);
  expect(stored).toBeGreaterThanOrEqual(TOTAL);

  // The killed broker comes back (\`kafka start --brokers 3\` starts what is down), then every record is read.
  const status = await cluster.restart();
  expect(status.answering).toBe(3);
  phase('killed broker back');
  const read = await readTopic(testKafka(cluster.brokers), topic, TOTAL, { distinctBy: (m) => m.value, timeoutMs: 60_000 });
  const values = new Set(read.map((m) => Number(m.value)));
  const lost = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !values.has(i));
  phase(`read back: ${values.size} distinct, lost ${lost.length}`);
  expect(lost).toEqual([]);
});
