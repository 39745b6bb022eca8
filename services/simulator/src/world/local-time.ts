export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Local time in an IANA time zone (`Europe/Berlin`), daylight-saving changes included, from the
 * platform's time-zone database through `Intl.DateTimeFormat` with an explicit `timeZone`: never the
 * machine's zone. Offsets are cached per zone and UTC hour (every zone used here changes its offset on
 * a whole UTC hour), so a lookup is one Map access.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

export function zoneOffsetMs(zone: string, ts: number): number {
  let byHour = offsets.get(zone);
  if (!byHour) {
    byHour = new Map();
    offsets.set(zone, byHour);
  }
  const hour = Math.floor(ts / HOUR_MS);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    offset = computeOffset(zone, hour * HOUR_MS);
    byHour.set(hour, offset);
  }
  return offset;
}

function computeOffset(zone: string, ts: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ts)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour! % 24, parts.minute);
  return asUtc - ts;
}

/** Hour of the day (0..24, fractional) in `zone`. */
export function localHour(ts: number, zone: string): number {
  const local = ts + zoneOffsetMs(zone, ts);
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** The local calendar day in `zone` as days since 1970-01-01. */
export function localDay(ts: number, zone: string): number {
  return Math.floor((ts + zoneOffsetMs(zone, ts)) / DAY_MS);
}

/** Day of the week in `zone`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function localWeekday(ts: number, zone: string): number {
  return (((localDay(ts, zone) + 4) % 7) + 7) % 7;
}

export const isWeekend = (weekday: number): boolean => weekday === 0 || weekday === 6;

/** The first instant at or after `from` whose local time in `zone` is `hour` (0..24, fractional). */
export function nextLocalTime(from: number, zone: string, hour: number): number {
  const delta = (((hour - localHour(from, zone)) % 24) + 24) % 24;
  let t = from + Math.round(delta * HOUR_MS);
  // across a daylight-saving change the offset at `t` differs from the one at `from`
  t -= zoneOffsetMs(zone, t) - zoneOffsetMs(zone, from);
  return t < from ? t + DAY_MS : t;
}

/** "HH:MM" local time in `zone`. */
export function formatLocal(ts: number, zone: string): string {
  return new Date(ts + zoneOffsetMs(zone, ts)).toISOString().slice(11, 16);
}
