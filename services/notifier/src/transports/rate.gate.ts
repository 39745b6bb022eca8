import type { Clock } from '../notifier.types';

/**
 * At most one pass per `intervalMs`, first come first served: each caller gets the next free slot
 * and waits for it. `holdUntil` pushes every later slot back (a 429's Retry-After).
 */
export class RateGate {
  private nextAt = 0;
  private waiting = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  /** Callers currently queued for a slot. */
  get queued(): number {
    return this.waiting;
  }

  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at <= now) return;
    this.waiting++;
    try {
      await this.clock.sleep(at - now);
    } finally {
      this.waiting--;
    }
  }

  holdUntil(at: number): void {
    this.nextAt = Math.max(this.nextAt, at);
  }
}
