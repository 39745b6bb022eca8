/**
 * How fast records leave: as fast as possible, a fixed number per second, or event time played at
 * a multiple of wall time (speed 1 = real time, 1440 = a day per minute).
 */
export type Pace = { kind: 'asap' } | { kind: 'rate'; eventsPerSecond: number } | { kind: 'speed'; multiplier: number };

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Decides when each record is due; the caller sleeps (after flushing what it holds) when one is not. */
export class Pacer {
  private startWall: number | undefined;
  private startTs = 0;
  private count = 0;

  constructor(
    private readonly pace: Pace,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Milliseconds until the next record (of event time `ts`) is due; 0 when it may go now. */
  dueIn(ts: number): number {
    if (this.pace.kind === 'asap') return 0;
    if (this.startWall === undefined) {
      this.startWall = this.clock.now();
      this.startTs = ts;
    }
    const offset = this.pace.kind === 'rate' ? (this.count * 1000) / this.pace.eventsPerSecond : (ts - this.startTs) / this.pace.multiplier;
    const wait = this.startWall + offset - this.clock.now();
    return wait > 5 ? wait : 0;
  }

  /** Counts a record as sent. */
  sent(): void {
    this.count += 1;
  }

  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }
}
