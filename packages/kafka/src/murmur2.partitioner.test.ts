import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartition } from '@tokenwatch/common';
import { fastDefaultPartitioner, murmur2 } from './murmur2.partitioner';

// kafkajs' own (Long-based) murmur2 is the reference: same input, same 32-bit hash.
const kafkajsMurmur2 = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

const metadata = (n: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

describe('murmur2', () => {
  it('equals kafkajs on random keys of every length 0..64', () => {
    for (let length = 0; length <= 64; length++) {
      for (let i = 0; i < 50; i++) {
        const key = randomBytes(length);
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }
    }
  });

  it("equals the Java client on the vectors of Kafka's UtilsTest", () => {
    const vectors: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of vectors) expect(murmur2(Buffer.from(key))).toBe(hash);
  });
});

describe('fastDefaultPartitioner', () => {
  it('picks the same partition as kafkajs DefaultPartitioner for keyed and explicit messages', () => {
    const ours = fastDefaultPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 7, 32]) {
      const partitionMetadata = metadata(partitions);
      for (let i = 0; i < 300; i++) {
        const key = randomBytes(16).toString('hex');
        for (const message of [
          { key, value: 'v' },
          { key: Buffer.from(key), value: 'v' },
          { key, value: 'v', partition: i % partitions },
        ]) {
          expect(ours({ topic: 't', partitionMetadata, message })).toBe(theirs({ topic: 't', partitionMetadata, message }));
        }
        // Where the in-memory scorer puts a token (common's keyPartition) is where the events topic would.
        expect(keyPartition(key, partitions)).toBe(theirs({ topic: 't', partitionMetadata, message: { key, value: 'v' } }));
      }
    }
  });

  it('spreads keyless messages round-robin over partitions with a leader', () => {
    const partitionMetadata = metadata(4).map((p) => (p.partitionId === 2 ? { ...p, leader: -1 } : p));
    const pick = fastDefaultPartitioner();
    const seen = Array.from({ length: 30 }, () => pick({ topic: 't', partitionMetadata, message: { value: 'v' } }));
    expect(new Set(seen)).toEqual(new Set([0, 1, 3]));
  });
});
