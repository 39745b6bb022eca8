/**
 * Rejection reasons start with one of these labels, optionally followed by `: detail`. The label
 * is stable and bounded (usable as a metrics label); the detail never quotes record content, so a
 * reason can be logged, put in a DLQ header or printed without leaking a secret.
 */
export const RejectLabel = {
  invalidJson: 'invalid JSON',
  notAnObject: 'not an object',
  recordTooLarge: 'record too large',
  messageTooLarge: 'message too large',
  unknownFormat: 'unknown format',
  noCredential: 'no credential',
  invalidClientIp: 'invalid client ip',
  invalidTimestamp: 'invalid timestamp',
  invalidNumber: 'invalid number',
  invalidEvent: 'invalid event',
  invalidRecord: 'invalid record',
} as const;
export type RejectLabel = (typeof RejectLabel)[keyof typeof RejectLabel];

/** The label of a reason: the text before the first colon, without a `record N: ` prefix. */
export function reasonLabel(reason: string): string {
  const withoutIndex = reason.replace(/^record \d+: /, '');
  const colon = withoutIndex.indexOf(':');
  return (colon === -1 ? withoutIndex : withoutIndex.slice(0, colon)).slice(0, 40);
}

/** A JSON.parse failure without the snippet of input that V8 puts in its message. */
export function jsonErrorReason(error: unknown, textLength: number): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (/end of (JSON )?input|Unterminated/i.test(message) || (position !== undefined && Number(position) >= textLength)) {
    return `${RejectLabel.invalidJson}: truncated`;
  }
  return `${RejectLabel.invalidJson}: syntax error${position ? ` at position ${position}` : ''}`;
}
