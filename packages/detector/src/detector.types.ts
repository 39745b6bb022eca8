import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { DetectorConfig } from './config/detector-config.schema';
import type { Scorer } from './scorer';
import type { PeerGroupsState } from './state/peer-groups';
import type { TokenSnapshot } from './state/token-snapshot';

export interface RestoreOptions {
  /** The token's scope (see `Detector.observe`); default 0. */
  scope?: number;
  /** Its scope's peer groups were restored too (restorePeerGroups), so it stays counted as their member. */
  peersRestored?: boolean;
}

/** Where a token's learning stands, and which baseline its signals compare against. */
export interface LearningState {
  state: 'learning' | 'active';
  events: number;
  /** Hours between the first and the last event. */
  hoursObserved: number;
  /** Distinct-day span: whole days between the first and the last event, plus one. */
  daysObserved: number;
  firstSeen: number;
  lastSeen: number;
  /** 'token' once learned; while learning, the peer group lent to it, or 'none'. */
  baseline: 'token' | 'consumer' | 'service' | 'global' | 'none';
  /** What is still missing before the token is 'active' (0 when nothing). */
  remaining: { events: number; hours: number };
}

/** The detection engine: a Scorer with event-time housekeeping, persistence hooks and introspection. */
export interface Detector extends Scorer {
  /**
   * `scope` names the peer groups the event's token belongs to and contributes to; the pipeline
   * passes its events partition so that a partition's state (tokens and peers) depends on its events alone.
   */
  observe(event: AccessEvent, scope?: number): readonly Alert[];
  /** Event-time housekeeping: `resolved` alerts for tokens quiet since long enough before `now`. */
  tick(now: number): Alert[];
  /** The token's full state as versioned JSON (undefined when the token is not in memory). */
  snapshot(fp: string): TokenSnapshot | undefined;
  /** Loads a token's state (replacing what is in memory for it), e.g. when a partition is assigned. */
  restore(snapshot: TokenSnapshot, options?: RestoreOptions): void;
  /** A scope's peer groups as JSON; with `onlyChanged`, undefined unless a contribution came since the last call. */
  peerGroups(scope: number, options?: { onlyChanged?: boolean }): PeerGroupsState | undefined;
  restorePeerGroups(scope: number, state: PeerGroupsState): void;
  /**
   * Removes tokens whose last event is older than `olderThan` (event time) and returns their
   * snapshots for the caller to persist; also returns tokens shed earlier by the `maxTokens` cap.
   */
  evict(olderThan: number): TokenSnapshot[];
  learningState(fp: string): LearningState | undefined;
  /** Estimated bytes of hot state: token slabs, fingerprints and index, interning, peers, alert tracks. */
  stateBytes(): number;
  readonly config: DetectorConfig;
}
