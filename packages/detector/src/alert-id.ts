import { createHash } from 'node:crypto';

/** Deterministic alert id: the same evidence always yields the same id, so redelivery is harmless. */
export function alertId(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
