import type { AccessEvent, StepResult } from '@tokenwatch/contracts';

export interface NormalizeOptions {
  /** Secret key for credential fingerprints (HMAC-SHA256). */
  fingerprintKey: string | Uint8Array;
}

/** Turns one decoded gateway record into an AccessEvent, or says why it cannot. */
export interface GatewayAdapter {
  readonly gateway: string;
  /** `rawText` is the record's own JSON text, used for a deterministic id when the gateway has none. */
  normalizeRecord(record: unknown, rawText: string, options: NormalizeOptions): StepResult<AccessEvent>;
}

/** One record of a message and what became of it. */
export interface RecordOutcome {
  /** Position in a JSON array; 0 for a message that is one record. */
  index: number;
  /** The record's own JSON text when the message was an array; absent when the record is the whole message. */
  recordText?: string;
  result: StepResult<AccessEvent>;
}
