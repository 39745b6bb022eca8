import type { Clock } from '../notifier.types';

/** A clock that only moves when told to, or when someone sleeps (the sleep returns at once). */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private current = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  now = (): number => this.current;

  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
  };

  advance(ms: number): void {
    this.current += ms;
  }
}
