import { createHash } from 'node:crypto';

/** Cuts a string to at most `max` characters (code points kept whole), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (max < 1) return '';
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Length in characters as Slack and PagerDuty count them (code points). */
export const charLength = (text: string): number => Array.from(text).length;

/** Hex SHA-256 of the parts joined by a separator that cannot occur in them; for deterministic ids. */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** A short form of a fingerprint for human messages (never the raw token: there is none here). */
export const shortFp = (fp: string): string => fp.slice(0, 12);

/** ISO-8601 of epoch ms; the number itself when it is outside what Date can show. */
export function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
