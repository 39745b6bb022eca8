import {
  countRevocationActions,
  getLatestRevocationSteps,
  insertRevocationAudit,
  listRevokedTokens,
  type ClickHouse,
  type RevocationAuditRow,
} from '@tokenwatch/clickhouse';
import { NdjsonFile } from '../util/ndjson-file';

export type { RevocationAuditRow } from '@tokenwatch/clickhouse';

/** The audit trail of revocation decisions: append-only, one row per step. */
export interface RevocationAuditStore {
  /** Resolves once the rows are durable; throws otherwise. */
  append(rows: readonly RevocationAuditRow[]): Promise<void>;
  /** The latest step of each decision that has any. */
  latest(decisionIds: readonly string[]): Promise<Map<string, RevocationAuditRow>>;
  /** Decisions with verdict revoke in `mode` since a time (the hourly limit after a restart). */
  countActions(mode: string, sinceMs: number): Promise<number>;
  revokedTokens(sinceMs: number): Promise<string[]>;
}

export function createClickHouseAuditStore(ch: ClickHouse): RevocationAuditStore {
  return {
    append: (rows) => insertRevocationAudit(ch, rows),
    latest: (ids) => getLatestRevocationSteps(ch, ids),
    countActions: (mode, since) => countRevocationActions(ch, mode, since),
    revokedTokens: (since) => listRevokedTokens(ch, since),
  };
}

/** In memory (tests) or, with a path, also appended to an NDJSON file read back at start (CLI). */
export function createMemoryAuditStore(path?: string): RevocationAuditStore & { rows(): Promise<RevocationAuditRow[]> } {
  const file = path === undefined ? undefined : new NdjsonFile(path);
  let loaded: Promise<RevocationAuditRow[]> | undefined;
  const all = () => (loaded ??= file ? file.readAll().then((lines) => lines as RevocationAuditRow[]) : Promise.resolve([]));
  return {
    rows: all,
    async append(rows) {
      const list = await all();
      if (file) await file.append(rows);
      list.push(...rows);
    },
    async latest(ids) {
      const wanted = new Set(ids);
      const out = new Map<string, RevocationAuditRow>();
      for (const row of await all()) {
        const prev = out.get(row.decision_id);
        if (wanted.has(row.decision_id) && (!prev || row.recorded_at >= prev.recorded_at)) out.set(row.decision_id, row);
      }
      return out;
    },
    async countActions(mode, since) {
      const rows = (await all()).filter((r) => r.verdict === 'revoke' && r.mode === mode && r.recorded_at >= since);
      return new Set(rows.map((r) => r.decision_id)).size;
    },
    async revokedTokens(since) {
      return [...new Set((await all()).filter((r) => r.outcome === 'revoked' && r.recorded_at >= since).map((r) => r.token_fp))];
    },
  };
}
