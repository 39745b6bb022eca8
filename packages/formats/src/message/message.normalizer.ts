import { reject, type AccessEvent, type StepResult } from '@tokenwatch/contracts';
import type { GatewayAdapter, NormalizeOptions, RecordOutcome } from '../adapter';
import { MAX_RECORD_CHARS } from '../event/adapter.factory';
import { jsonErrorReason, RejectLabel } from '../event/reject-reasons';
import { isObject } from '../record-access';

/** Largest message accepted (a JSON array of records, or an envelope); bigger ones are rejected unread. */
export const MAX_MESSAGE_CHARS = 4 * 1024 * 1024;

/**
 * Normalizes one message: a JSON object, a JSON array of objects (Kong kafka-log and APISIX
 * kafka-logger batch records into arrays), an envelope of records (CloudWatch Logs subscription),
 * or, for text formats (nginx combined, Envoy's default format), one text line.
 * Never throws: every failure is a rejection with a reason that quotes nothing of the input.
 */
export function normalizeMessage(text: string, adapter: GatewayAdapter, options: NormalizeOptions): RecordOutcome[] {
  const outcomes: RecordOutcome[] = [];
  try {
    normalizeInto(outcomes, text, adapter, options, true);
  } catch (error) {
    outcomes.length = 0;
    outcomes.push({ index: 0, result: internalError(error) });
  }
  return outcomes;
}

/** The former name, kept for callers of the first API: same behaviour. */
export const normalizeJsonMessage = normalizeMessage;

function normalizeInto(out: RecordOutcome[], text: string, adapter: GatewayAdapter, options: NormalizeOptions, topLevel: boolean): void {
  const maxRecord = options.maxRecordChars ?? MAX_RECORD_CHARS;
  if (text.length > MAX_MESSAGE_CHARS) {
    out.push({ index: 0, result: reject(`${RejectLabel.messageTooLarge}: ${text.length} > ${MAX_MESSAGE_CHARS} characters`) });
    return;
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1).trim() : text.trim();
  const first = body[0];
  if (first !== '[' && body.length > maxRecord) {
    out.push({ index: 0, result: reject(`${RejectLabel.recordTooLarge}: ${body.length} > ${maxRecord} characters`) });
    return;
  }
  if (body === '') {
    out.push({ index: 0, result: reject(`${RejectLabel.invalidJson}: empty`) });
    return;
  }
  if (first !== '{' && first !== '[' && adapter.decodeText) {
    const record = adapter.decodeText(body);
    out.push({ index: 0, result: record ? guarded(adapter, record, text, options) : reject(`${RejectLabel.invalidRecord}: unrecognised text line`) });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    // Envoy's default text format starts with `[start time]`: not JSON after all.
    const record = first === '[' ? adapter.decodeText?.(body) : undefined;
    out.push({ index: 0, result: record ? guarded(adapter, record, text, options) : reject(jsonErrorReason(error, body.length)) });
    return;
  }
  if (Array.isArray(parsed)) {
    parsed.forEach((record, index) => {
      const recordText = safeStringify(record);
      const result = recordText === undefined ? reject(`${RejectLabel.invalidRecord}: too deeply nested`) : guarded(adapter, record, recordText, options);
      out.push({ index, recordText: recordText ?? '', result });
    });
    return;
  }
  const entries = topLevel && isObject(parsed) ? adapter.unwrap?.(parsed) : undefined;
  if (!entries) {
    out.push({ index: 0, result: guarded(adapter, parsed, text, options) });
    return;
  }
  // An envelope: each entry is a message of its own (it may even be an array). A control message
  // or an empty envelope holds no record and yields no outcome.
  for (const entry of entries) {
    const inner: RecordOutcome[] = [];
    normalizeInto(inner, entry.text, adapter, options, false);
    for (const outcome of inner) out.push({ index: out.length, recordText: outcome.recordText ?? entry.text, result: outcome.result });
  }
}

function guarded(adapter: GatewayAdapter, record: unknown, rawText: string, options: NormalizeOptions): StepResult<AccessEvent> {
  try {
    return adapter.normalizeRecord(record, rawText, options);
  } catch (error) {
    return internalError(error);
  }
}

function internalError(error: unknown): StepResult<never> {
  const name = error instanceof Error ? error.name : typeof error;
  return reject(`${RejectLabel.invalidRecord}: ${name === 'RangeError' ? 'too deeply nested' : `unexpected ${name}`}`);
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return undefined;
  }
}
