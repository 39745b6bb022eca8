import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaReadinessProbe } from './kafka-readiness.probe';

// Where a broker answers, test/e2e/broker-outage.e2e.test.ts probes it through /readyz before, during and after an outage.
const nobodyListens = () =>
  new Kafka({ clientId: 'probe-test', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, connectionTimeout: 500, retry: { retries: 0 } });

it('rejects while no broker answers, shares one request between overlapping probes, and tries again on the next', async () => {
  const probe = createKafkaReadinessProbe(nobodyListens(), 2_000);
  const first = probe.check();
  expect(probe.check()).toBe(first);
  await expect(first).rejects.toThrow();
  const second = probe.check();
  expect(second).not.toBe(first);
  await expect(second).rejects.toThrow();
  await probe.close();
});

it('says how long it waited when the cluster does not answer in time', async () => {
  // A listening socket that never speaks Kafka: the connection opens, the metadata request never returns.
  const sockets: Array<{ destroy(): void }> = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const kafka = new Kafka({
    clientId: 'probe-test',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    requestTimeout: 30_000,
    retry: { retries: 0 },
  });
  const probe = createKafkaReadinessProbe(kafka, 300);
  await expect(probe.check()).rejects.toThrow('no Kafka broker answered within 300 ms');
  for (const socket of sockets) socket.destroy();
  silent.close();
  await probe.close();
});
