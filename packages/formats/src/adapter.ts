import type { AccessEvent, StepResult } from '@tokenwatch/contracts';
import type { CredentialSource } from './credential/credential.source';
import type { JsonObject } from './record-access';

export interface NormalizeOptions {
  /** Secret key for credential fingerprints (HMAC-SHA256). */
  fingerprintKey: string | Uint8Array;
  /**
   * "Now" in epoch ms (time comes in as an argument: formats never reads the clock). Records more
   * than a day after it are rejected; without it only the static bounds (2000-01-01 .. 2100-01-01) apply.
   */
  now?: number;
  /** Largest record accepted, in characters of its text; default MAX_RECORD_CHARS (1 MiB). */
  maxRecordChars?: number;
}

/** Per-deployment configuration of an adapter, fixed when the adapter is built (see adapterFor). */
export interface AdapterOptions {
  /** Ordered credential sources; replaces the format's defaults entirely. */
  credentialSources?: readonly CredentialSource[];
  /** Proxies whose X-Forwarded-For entries are believed (CIDRs or addresses); default PRIVATE_NETWORKS. */
  trustedProxies?: readonly string[];
  /** Count traffic without a credential under one fixed anonymous token instead of rejecting it. */
  anonymous?: boolean;
}

/** One record inside an envelope (a CloudWatch Logs subscription payload holds many). */
export interface EnvelopeEntry {
  /** The record's own text: normalized like a message of its own (JSON, or text for text formats). */
  text: string;
}

/** Turns one decoded gateway record into an AccessEvent, or says why it cannot. */
export interface GatewayAdapter {
  readonly gateway: string;
  /** `rawText` is the record's own text, used for a deterministic id when the gateway has none. */
  normalizeRecord(record: unknown, rawText: string, options: NormalizeOptions): StepResult<AccessEvent>;
  /** For text formats: a line that is not JSON as a record; undefined when the line is not of this format. */
  decodeText?(text: string): JsonObject | undefined;
  /** For envelopes: the records inside; undefined when the object is a record itself. */
  unwrap?(value: JsonObject): EnvelopeEntry[] | undefined;
}

/** One record of a message and what became of it. */
export interface RecordOutcome {
  /** Position in a JSON array or envelope; 0 for a message that is one record. */
  index: number;
  /** The record's own text when the message held several; absent when the record is the whole message. */
  recordText?: string;
  result: StepResult<AccessEvent>;
}
