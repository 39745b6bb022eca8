import { createHash } from 'node:crypto';

/** A deterministic event id when the gateway gives none: a hash of the raw record text. */
export function recordHashId(gateway: string, rawRecord: string): string {
  return `${gateway}-${createHash('sha256').update(rawRecord).digest('hex').slice(0, 32)}`;
}
