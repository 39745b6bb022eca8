import { createBatchWriter, insertTokenBaselines, loadTokenBaselineStates, type ClickHouse } from '@tokenwatch/clickhouse';
import { tokenSnapshotFromJson, type TokenSnapshot } from '@tokenwatch/detector';
import type { Logger } from '@tokenwatch/observability';
import type { BaselineStore } from '@tokenwatch/pipeline';
import { toBaselineRecord } from './baseline-record';

/** token_baselines in ClickHouse as the score stage's baseline store. */
export function createClickHouseBaselineStore(ch: ClickHouse, log: Logger): BaselineStore {
  const writer = createBatchWriter<ReturnType<typeof toBaselineRecord>>({
    write: (rows) => insertTokenBaselines(ch, rows),
    maxRows: 5_000,
    flushIntervalMs: 50,
    maxBufferedRows: 200_000,
    retry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 },
    onRetry: ({ error, attempt, delayMs, rows }) =>
      log.warn({ err: error, attempt, delayMs, rows, table: 'token_baselines' }, 'ClickHouse insert failed; retrying'),
  });
  return {
    async load(fps) {
      if (fps.length === 0) return [];
      const states = await loadTokenBaselineStates(ch, fps);
      const out: TokenSnapshot[] = [];
      for (const [fp, json] of states) {
        const parsed = tokenSnapshotFromJson(json);
        if (parsed) out.push(parsed);
        else log.warn({ token: { fp } }, 'stored baseline is unreadable (another snapshot version?); the token learns again');
      }
      return out;
    },
    save: (snapshots, reason) => writer.push(snapshots.map((s) => toBaselineRecord(s, reason))),
    close: () => writer.close(),
  };
}
