/**
 * Character-level readers for the everyday spellings of ISO-8601 and CLF times, for the hot path.
 * Each answers only what it is sure of, exactly as the pattern-based parsers in timestamp.parser
 * would (tested against them): an in-range date and time of day. Anything else (a day that
 * rolls over, a two-digit year, a leap second, an unusual spelling) is `undefined`: "ask the
 * pattern-based parser", which then decides.
 */

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `2025-10-20T22:40:00.123456789Z`, `2025-10-20 22:40:00`, `…+02:00`, `…-0400` (trimmed). */
export function fastIsoTime(t: string): number | undefined {
  const n = t.length;
  if (n < 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined; // T, t or a space
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2) - 1;
  const day = digits(t, 8, 2);
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  let i = 19;
  let ms = 0;
  const dot = t.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    const end = digitsEnd(t, i + 1);
    const count = end - i - 1;
    if (count < 1 || count > 9) return undefined;
    ms = Math.trunc((digits(t, i + 1, count) / POW10[count]!) * 1000); // = Number(`0.${fraction}`) * 1000, bit for bit
    i = end;
  }
  let offsetMinutes = 0;
  if (i < n) {
    const c = t.charCodeAt(i);
    if (c === 90 || c === 122) {
      if (i + 1 !== n) return undefined;
    } else if (c === 43 || c === 45) {
      const colon = t.charCodeAt(i + 3) === 58 ? 1 : 0;
      if (n - i !== 5 + colon) return undefined;
      offsetMinutes = (c === 45 ? -1 : 1) * (digits(t, i + 1, 2) * 60 + digits(t, i + 3 + colon, 2));
    } else {
      return undefined;
    }
  }
  if (!inRange(year, month, day, hour, minute, second) || Number.isNaN(offsetMinutes)) return undefined;
  return Date.UTC(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

const CLF_MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `10/Oct/2025:13:55:36 +0000`, optionally in brackets (trimmed). */
export function fastClfTime(text: string): number | undefined {
  const open = text.charCodeAt(0) === 91 ? 1 : 0;
  const close = text.charCodeAt(text.length - 1) === 93 ? 1 : 0;
  const t = open === 0 && close === 0 ? text : text.slice(open, text.length - close);
  const n = t.length;
  if (
    n !== 26 ||
    t.charCodeAt(2) !== 47 ||
    t.charCodeAt(6) !== 47 ||
    t.charCodeAt(11) !== 58 ||
    t.charCodeAt(14) !== 58 ||
    t.charCodeAt(17) !== 58 ||
    t.charCodeAt(20) !== 32
  ) {
    return undefined; // fractions of a second and odd spellings go to the pattern
  }
  const month = CLF_MONTHS[t.slice(3, 6)];
  const sign = t.charCodeAt(21);
  if (month === undefined || (sign !== 43 && sign !== 45)) return undefined;
  const day = digits(t, 0, 2);
  const year = digits(t, 7, 4);
  const hour = digits(t, 12, 2);
  const minute = digits(t, 15, 2);
  const second = digits(t, 18, 2);
  const offsetMinutes = (sign === 45 ? -1 : 1) * (digits(t, 22, 2) * 60 + digits(t, 24, 2));
  if (!inRange(year, month, day, hour, minute, second) || Number.isNaN(offsetMinutes)) return undefined;
  return Date.UTC(year, month, day, hour, minute, second, 0) - offsetMinutes * 60_000;
}

/** A date and time that Date.UTC takes as written (no rollover, no 2-digit-year mapping); NaN fields fail. */
function inRange(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (!(year >= 100 && month >= 0 && month <= 11 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 1 && leap ? 29 : MONTH_DAYS[month]!);
}

/** The decimal number of `count` ASCII digits at `start`; NaN if any is not a digit. */
function digits(t: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = t.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    value = value * 10 + d;
  }
  return value;
}

function digitsEnd(t: string, start: number): number {
  let i = start;
  while (i < t.length) {
    const d = t.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) break;
    i++;
  }
  return i;
}
