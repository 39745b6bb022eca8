/** Timestamp readers for the shapes gateways write. Each returns epoch ms, or NaN when unreadable. */
import { fastClfTime, fastIsoTime } from './time.fast-path';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';
export type TimeUnit = EpochUnit | 'iso' | 'clf' | 'auto';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const CLF = /^\[?(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2})\]?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH_SCALE: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

/** Common Log Format time: `10/Jun/2023:15:36:28 +0000` (brackets optional). */
export function parseClfTime(text: string): number {
  const trimmed = text.trim();
  return fastClfTime(trimmed) ?? clfByPattern(trimmed);
}

/** parseClfTime by its pattern alone (the definition the fast path is tested against). */
export function clfByPattern(text: string): number {
  const m = CLF.exec(text);
  if (!m) return NaN;
  const month = MONTHS[m[2]!];
  if (month === undefined) return NaN;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7]));
  const offsetMin = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return validDate(utc, Number(m[3]), month, Number(m[1])) ? utc - offsetMin * 60_000 : NaN;
}

/**
 * ISO-8601 / RFC 3339, including nanosecond fractions (Traefik `StartUTC`) and numeric offsets.
 * A time without an offset is read as UTC (gateways log UTC unless told otherwise).
 */
export function parseIsoTime(text: string): number {
  const trimmed = text.trim();
  return fastIsoTime(trimmed) ?? isoByPattern(trimmed);
}

/** parseIsoTime by its pattern alone (the definition the fast path is tested against). */
export function isoByPattern(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const utc = Date.UTC(year, month, day, Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7]));
  if (!validDate(utc, year, month, day) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return NaN;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return utc;
  const digits = zone.replace(':', '');
  const offsetMin = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  return utc - offsetMin * 60_000;
}

/** Epoch numbers (or numeric strings) in a given unit. */
export function parseEpoch(value: unknown, unit: EpochUnit): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n * EPOCH_SCALE[unit]) : NaN;
}

/**
 * A timestamp field in any of the units above. `auto`: numbers are epoch seconds, ms, µs or ns by
 * magnitude; strings are tried as numbers, ISO-8601 and CLF. Absent (`undefined`/`null`/`""`/`"-"`)
 * gives undefined so that the caller can say "missing" rather than "unreadable".
 */
export function readTimestamp(value: unknown, unit: TimeUnit = 'auto'): number | undefined {
  if (value === undefined || value === null || value === '' || value === '-') return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return NaN;
  switch (unit) {
    case 'iso':
      return typeof value === 'string' ? parseIsoTime(value) : NaN;
    case 'clf':
      return typeof value === 'string' ? parseClfTime(value) : NaN;
    case 'auto':
      return autoTimestamp(value);
    default:
      return parseEpoch(value, unit);
  }
}

function autoTimestamp(value: number | string): number {
  const n = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (Number.isFinite(n)) {
    if (n >= 1e17) return Math.trunc(n / 1e6); // ns
    if (n >= 1e14) return Math.trunc(n / 1e3); // µs
    if (n >= 1e11) return Math.trunc(n); // ms
    return Math.trunc(n * 1000); // s
  }
  if (typeof value !== 'string') return NaN;
  const iso = parseIsoTime(value);
  return Number.isNaN(iso) ? parseClfTime(value) : iso;
}

function fractionMs(fraction: string | undefined): number {
  return fraction ? Math.trunc(Number(`0.${fraction}`) * 1000) : 0;
}

/** Rejects Feb 30 and friends, which Date.UTC would silently roll over. */
function validDate(utc: number, year: number, month: number, day: number): boolean {
  const d = new Date(utc);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month && d.getUTCDate() === day;
}
