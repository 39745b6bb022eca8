/** Event-time arithmetic. All times are epoch milliseconds in UTC; nothing here reads a clock. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_HOURS = 168;

export const minuteIndex = (ts: number): number => Math.floor(ts / MINUTE_MS);
export const hourIndex = (ts: number): number => Math.floor(ts / HOUR_MS);

/** Hour of the week, 0 = Monday 00:00 UTC (the epoch was a Thursday, 72 h after a Monday). */
export const hourOfWeek = (hour: number): number => (((hour + 72) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Tuesday 14:00 UTC" for an hour of the week. */
export function describeHourOfWeek(how: number): string {
  const day = DAYS[Math.floor(how / 24)] ?? 'Monday';
  return `${day} ${String(how % 24).padStart(2, '0')}:00 UTC`;
}

/** How many times hour-of-week `slot` has been completed between hour indices [first, current). */
export function slotObservations(slot: number, firstHour: number, currentHour: number): number {
  const completed = currentHour - firstHour;
  if (completed <= 0) return 0;
  const offset = (slot - hourOfWeek(firstHour) + WEEK_HOURS) % WEEK_HOURS;
  return Math.floor(completed / WEEK_HOURS) + (offset < completed % WEEK_HOURS ? 1 : 0);
}
