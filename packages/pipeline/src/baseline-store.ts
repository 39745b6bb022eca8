import type { TokenSnapshot } from '@tokenwatch/detector';

/** Why a token's baseline is written (the `reason` column of token_baselines). */
export type BaselineSaveReason = 'periodic' | 'alerted' | 'revoked' | 'shutdown' | 'evicted';

/** Where detector baselines live between processes (ClickHouse token_baselines in production). */
export interface BaselineStore {
  /** The stored snapshots of these tokens; tokens without one (or with an unreadable one) are absent. */
  load(fps: readonly string[]): Promise<TokenSnapshot[]>;
  /** Resolves once stored; transient failures are retried inside, a final failure rejects. */
  save(snapshots: readonly TokenSnapshot[], reason: BaselineSaveReason): Promise<void>;
  close(): Promise<void>;
}
