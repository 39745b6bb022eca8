import { Partitioners, type Kafka, type IHeaders } from 'kafkajs';

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: IHeaders;
}

export interface MessageProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export async function createProducer(kafka: Kafka): Promise<MessageProducer> {
  const producer = kafka.producer({
    // Java-compatible murmur2 partitioning: a key lands on the same partition as with other clients.
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    async send(topic, messages) {
      if (messages.length === 0) return;
      await producer.send({ topic, acks: -1, messages });
    },
    disconnect: () => producer.disconnect(),
  };
}
