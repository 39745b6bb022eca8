import { systemClock, type Clock } from '../notifier.types';

/**
 * Time as the alerts tell it: `now()` is the latest event time observed (never going back), while
 * `sleep` really waits. Used by `tokenwatch notify` so that a file of past alerts is grouped,
 * repeated and rate-limited as it would have been live. Never give it to transports: rate gates and
 * Retry-After dates need the wall clock.
 */
export class EventTimeClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now = (): number => this.current;

  sleep = (ms: number): Promise<void> => systemClock.sleep(ms);

  observe(ts: number): void {
    if (ts > this.current) this.current = ts;
  }
}
