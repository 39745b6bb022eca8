import type { ICustomPartitioner } from 'kafkajs';
import { murmur2 } from '@tokenwatch/common';

export { murmur2 };

const toPositive = (x: number) => x & 0x7fffffff;

/**
 * kafkajs' `Partitioners.DefaultPartitioner` (Java-compatible) with the fast hash: an explicit
 * partition wins, a key is hashed, a keyless message goes round-robin over available partitions.
 */
export const fastDefaultPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    const numPartitions = partitionMetadata.length;
    if (message.key !== null && message.key !== undefined) {
      const key = typeof message.key === 'string' ? Buffer.from(message.key) : message.key;
      return toPositive(murmur2(key)) % numPartitions;
    }
    const counter = (counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0) return available[toPositive(counter) % available.length]!.partitionId;
    return toPositive(counter) % numPartitions;
  };
};
