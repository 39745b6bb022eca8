import type { AccessEvent, Signal, SignalType } from '@tokenwatch/contracts';
import type { DetectorConfig } from '../config/detector-config.schema';
import type { Policy } from '../config/policy';
import type { RouteClassifier } from '../config/route-classifier';
import type { Interns } from '../state/interner';
import { LAYOUT } from '../state/layout';
import type { PeerBaseline, PeerGroups } from '../state/peer-groups';
import { newCursor, type Cursor } from '../state/token-table';

const { U16 } = LAYOUT;

/**
 * A signal that fired on this event: what the decision step combines into an alert. `since`: the
 * evidence began at an earlier event (the far end of a jump), where a new incident starts.
 */
export type Hit = Signal & { since?: number };

/** The decision step's view the signals need: is a hit of this type still worth reporting? */
export interface HitGate {
  /** False while the signal is deduplicated (fired within the window) and `score` is no escalation. */
  wants(idx: number, type: SignalType, score: number, ts: number): boolean;
  /** The signal fired within the dedup window (a persisting anomaly: keeps an open alert open). */
  recently(idx: number, type: SignalType, ts: number): boolean;
  /** The token has an open incident at medium severity or above. */
  alerting(idx: number): boolean;
}

/**
 * Everything a signal needs for one event, reused across events (no allocation on the hot path).
 * `learned` is false while the token is in its learning period; `peer()` is then the baseline it borrows.
 */
export class EvalContext {
  e!: AccessEvent;
  fp = '';
  ts = 0;
  minute = 0;
  learned = false;
  isNew = false;
  /** The token has an open (firing) alert: its baselines learn cautiously and it lends nothing to peers. */
  firing = false;
  readonly cur: Cursor = newCursor();
  readonly hits: Hit[] = [];
  /** Set by the endpoint signal for the sequence signal: the route id and whether the token knew it. */
  routeId = 0;
  routeKnown = true;
  /** Set by the country and network signals for the travel signal: used often enough to be the token's own. */
  countryKnown = false;
  networkKnown = false;
  /** Set by the network and travel signals: the request comes from a network or place first used in the current run of use. */
  sourceNovel = false;
  /** The request comes from a cloud or hosting operator the token uses (after the network signal ran). */
  get ownCloud(): boolean {
    return this.networkKnown && this.e.network?.class === 'hosting';
  }

  private peerResolved = false;
  private peerValue: PeerBaseline | undefined;
  private ipAllowedValue: boolean | undefined;

  constructor(
    readonly cfg: DetectorConfig,
    readonly policy: Policy,
    readonly interns: Interns,
    /** The peer groups of the scope of the event being observed. */
    public peers: PeerGroups,
    readonly classifier: RouteClassifier,
    private readonly gate: HitGate,
  ) {}

  begin(e: AccessEvent, minute: number, isNew: boolean): void {
    this.e = e;
    this.fp = e.token.fp;
    this.ts = e.ts;
    this.minute = minute;
    this.isNew = isNew;
    if (this.hits.length !== 0) this.hits.length = 0;
    this.routeId = 0;
    this.routeKnown = true;
    this.countryKnown = false;
    this.networkKnown = false;
    this.sourceNovel = false;
    this.peerResolved = false;
    this.peerValue = undefined;
    this.ipAllowedValue = undefined;
  }

  /** The peer baseline borrowed while learning (undefined once learned, or when no group qualifies). */
  peer(): PeerBaseline | undefined {
    if (this.learned) return undefined;
    if (!this.peerResolved) {
      this.peerResolved = true;
      const c = this.cur;
      this.peerValue = this.peers.select(c.u16[c.b16 + U16.consumer]!, c.u16[c.b16 + U16.service]!);
    }
    return this.peerValue;
  }

  /** The source IP is inside an allowlisted range for this token. */
  ipAllowed(): boolean {
    if (this.ipAllowedValue === undefined) {
      this.ipAllowedValue = this.policy.hasIpRules && this.policy.ipAllowed(this.fp, this.e.consumer, this.e.service, this.e.ip);
    }
    return this.ipAllowedValue;
  }

  countryAllowed(country: string): boolean {
    return this.policy.countryAllowed(this.fp, this.e.consumer, this.e.service, country);
  }

  uaAllowed(family: string): boolean {
    return this.policy.uaAllowed(this.fp, this.e.consumer, this.e.service, family);
  }

  wants(type: SignalType, score: number): boolean {
    return score > 0 && this.gate.wants(this.cur.idx, type, score, this.ts);
  }

  recently(type: SignalType): boolean {
    return this.gate.recently(this.cur.idx, type, this.ts);
  }

  alerting(): boolean {
    return this.gate.alerting(this.cur.idx);
  }

  hit(type: SignalType, score: number, observed: Hit['observed'], expected: Hit['expected'], detail: string, since?: number): void {
    const hit: Hit = { type, score: Math.round(Math.min(1, score) * 1000) / 1000, observed, expected, detail };
    if (since !== undefined) hit.since = since;
    this.hits.push(hit);
  }
}
