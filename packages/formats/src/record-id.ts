import { hash } from 'node:crypto';

/** A deterministic event id when the gateway gives none: a hash of the raw record text. */
export function recordHashId(gateway: string, rawRecord: string): string {
  return `${gateway}-${hash('sha256', rawRecord, 'hex').slice(0, 32)}`;
}
