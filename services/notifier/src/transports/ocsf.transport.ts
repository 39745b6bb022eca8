import type { MessageProducer } from '@tokenwatch/kafka';
import type { Transport } from '../notifier.types';
import { NdjsonFile } from '../util/ndjson-file';
import { toDetectionFinding, type OcsfDetectionFinding } from './ocsf.mapper';
import { perAlertTransport } from './per-alert.transport';

/** Where findings go: a Kafka topic (keyed by token fingerprint) or an NDJSON file. */
export interface FindingSink {
  write(finding: OcsfDetectionFinding, key: string): Promise<void>;
}

export function kafkaFindingSink(producer: MessageProducer, topic: string): FindingSink {
  return { write: (finding, key) => producer.send(topic, [{ key, value: JSON.stringify(finding) }]) };
}

export function fileFindingSink(path: string): FindingSink {
  const file = new NdjsonFile(path);
  return { write: (finding) => file.append([finding]) };
}

/** OCSF Detection Finding (2004) per alert state change, for SIEMs. */
export function createOcsfTransport(sink: FindingSink): Transport {
  return perAlertTransport('ocsf', async (alert, n) => {
    try {
      await sink.write(toDetectionFinding(alert, n.profile), alert.token.fp);
      return { kind: 'ok' };
    } catch (error) {
      return { kind: 'retry', reason: `ocsf sink: ${(error as Error).message}` };
    }
  });
}
