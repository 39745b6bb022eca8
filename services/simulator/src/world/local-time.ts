export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Hour of the day (0..24, fractional) at a fixed UTC offset. */
export function localHour(ts: number, utcOffsetHours: number): number {
  const local = ts + utcOffsetHours * HOUR_MS;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** Day of the week at a fixed UTC offset: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function localWeekday(ts: number, utcOffsetHours: number): number {
  const days = Math.floor((ts + utcOffsetHours * HOUR_MS) / DAY_MS);
  return (((days + 4) % 7) + 7) % 7;
}

export const isWeekend = (weekday: number): boolean => weekday === 0 || weekday === 6;

/** The first instant at or after `from` whose local time is `hour` (0..24, fractional). */
export function nextLocalTime(from: number, utcOffsetHours: number, hour: number): number {
  const current = localHour(from, utcOffsetHours);
  const delta = (((hour - current) % 24) + 24) % 24;
  return from + Math.round(delta * HOUR_MS);
}
