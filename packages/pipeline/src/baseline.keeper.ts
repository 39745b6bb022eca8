import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Detector, TokenSnapshot } from '@tokenwatch/detector';
import type { BaselineSaveReason, BaselineStore } from './baseline-store';

export interface BaselineKeeperOptions {
  detector: Detector;
  store: BaselineStore;
  /** Wall time between saves of every token that changed since the last save. */
  snapshotIntervalMs: number;
  /** Wall time between `tick()` calls (resolved alerts for tokens that went quiet). */
  tickIntervalMs: number;
  /** Event time after which an idle token leaves memory (saved first, reloaded when it is back). */
  idleEvictMs: number;
  /** Wall clock. */
  now: () => number;
}

/** Snapshots to write, and why. */
export interface BaselineSave {
  snapshots: TokenSnapshot[];
  reason: BaselineSaveReason;
}

export interface Housekeeping {
  saves: BaselineSave[];
  /** `resolved` alerts from tick(). */
  alerts: Alert[];
}

/**
 * Keeps the detector's in-memory state and ClickHouse token_baselines in step: restores tokens the
 * detector has not seen in this process before they are scored, saves changed tokens periodically,
 * saves tokens at once when they alert (so a crash cannot raise the same alert again from an older
 * state), evicts idle tokens, and runs tick() on an event clock. Not safe for concurrent use: the
 * score consumer calls it from one serialized section.
 */
export class BaselineKeeper {
  private readonly dirty = new Set<string>();
  private lastEventTs = 0;
  private lastEventWall = 0;
  private lastSnapshot: number;
  private lastTick: number;

  constructor(private readonly o: BaselineKeeperOptions) {
    this.lastSnapshot = o.now();
    this.lastTick = o.now();
  }

  /** Loads stored baselines of the tokens among `fps` that are not in memory. Returns how many. */
  async restoreMissing(fps: Iterable<string>): Promise<number> {
    const missing = new Set<string>();
    for (const fp of fps) if (this.o.detector.learningState(fp) === undefined) missing.add(fp);
    if (missing.size === 0) return 0;
    const stored = await this.o.store.load([...missing]);
    let restored = 0;
    for (const snapshot of stored) {
      if (this.o.detector.learningState(snapshot.fp) !== undefined) continue;
      this.o.detector.restore(snapshot);
      restored++;
    }
    return restored;
  }

  /** Scores events of one scope (events partition; see Detector.observe) after the caller restored their tokens, and returns the alerts. */
  observe(events: readonly AccessEvent[], scope = 0): Alert[] {
    const alerts: Alert[] = [];
    for (const event of events) {
      this.dirty.add(event.token.fp);
      if (event.ts > this.lastEventTs) this.lastEventTs = event.ts;
      for (const alert of this.o.detector.observe(event, scope)) alerts.push(alert);
    }
    if (events.length > 0) this.lastEventWall = this.o.now();
    return alerts;
  }

  /**
   * Event time as the detector should see it between events: the newest event time plus the wall
   * time since it arrived. Follows a replay of old logs, and still moves on when traffic stops.
   */
  eventClock(): number {
    return this.lastEventTs === 0 ? 0 : this.lastEventTs + Math.max(0, this.o.now() - this.lastEventWall);
  }

  /** The work due now, given the alerts just raised: what to save and the resolved alerts of tick(). */
  housekeeping(raised: readonly Alert[]): Housekeeping {
    const now = this.o.now();
    const alerts: Alert[] = [];
    if (this.lastEventTs > 0 && now - this.lastTick >= this.o.tickIntervalMs) {
      this.lastTick = now;
      alerts.push(...this.o.detector.tick(this.eventClock()));
    }
    const saves: BaselineSave[] = [];
    const alerted = new Set([...raised, ...alerts].map((a) => a.token.fp));
    if (now - this.lastSnapshot >= this.o.snapshotIntervalMs) {
      this.lastSnapshot = now;
      const evicted = this.lastEventTs > 0 ? this.o.detector.evict(this.eventClock() - this.o.idleEvictMs) : [];
      for (const s of evicted) {
        this.dirty.delete(s.fp);
        alerted.delete(s.fp);
      }
      saves.push({ snapshots: this.take(this.dirty), reason: 'periodic' }, { snapshots: evicted, reason: 'evicted' });
      this.dirty.clear();
    } else {
      saves.push({ snapshots: this.take(alerted), reason: 'alerted' });
      for (const fp of alerted) this.dirty.delete(fp);
    }
    return { saves: saves.filter((s) => s.snapshots.length > 0), alerts };
  }

  /** Every changed token, e.g. at shutdown. */
  takeChanged(): BaselineSave {
    const save: BaselineSave = { snapshots: this.take(this.dirty), reason: 'shutdown' };
    this.dirty.clear();
    return save;
  }

  /** Everything leaves memory, e.g. when partitions moved: other members may own these tokens now. */
  releaseAll(): BaselineSave {
    this.dirty.clear();
    return { snapshots: this.o.detector.evict(Number.MAX_SAFE_INTEGER), reason: 'revoked' };
  }

  private take(fps: Iterable<string>): TokenSnapshot[] {
    const out: TokenSnapshot[] = [];
    for (const fp of fps) {
      const snapshot = this.o.detector.snapshot(fp);
      if (snapshot) out.push(snapshot);
    }
    return out;
  }
}
