import { DlqHeaders } from '@tokenwatch/contracts';
import type { ConsumedMessage } from './consumed-message';
import type { MessageProducer, OutgoingMessage } from './producer';

export interface DeadLetter {
  message: ConsumedMessage;
  reason: string;
}

/** The original bytes, untouched, plus headers that say why and where from. */
export function toDeadLetterMessage({ message, reason }: DeadLetter, failedAt: number): OutgoingMessage {
  return {
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DlqHeaders.reason]: reason.slice(0, 1000),
      [DlqHeaders.sourceTopic]: message.topic,
      [DlqHeaders.sourcePartition]: String(message.partition),
      [DlqHeaders.sourceOffset]: message.offset,
      [DlqHeaders.failedAt]: String(failedAt),
    },
  };
}

/**
 * Writes dead letters and waits for the acknowledgement. It throws when the write fails, which
 * keeps the batch uncommitted: a record is never dropped because its dead-letter write failed.
 */
export async function sendDeadLetters(producer: MessageProducer, topic: string, letters: DeadLetter[], now: number): Promise<void> {
  await producer.send(
    topic,
    letters.map((letter) => toDeadLetterMessage(letter, now)),
  );
}
