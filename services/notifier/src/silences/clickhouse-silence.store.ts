import { listSilences, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Silence, SilenceStore } from './silence.store';

export interface ClickHouseSilenceStoreOptions {
  /** The notifier's time: silences ended before it are not read. */
  now: () => number;
  /** How long a read is reused (default 5 s): a silence created in the API applies within this. */
  refreshMs?: number;
  /** A failed refresh keeps the last good list this long (default 5 min), then fails. */
  maxStaleMs?: number;
  /** Wall clock of the cache (default Date.now). */
  wallClock?: () => number;
  onRefreshError?: (error: unknown) => void;
}

/**
 * The shared silences in ClickHouse, read at most every `refreshMs`. A ClickHouse hiccup does not
 * drop the silences the notifier already knows (bounded by `maxStaleMs`).
 */
export function createClickHouseSilenceStore(ch: ClickHouse, opts: ClickHouseSilenceStoreOptions): SilenceStore {
  const refreshMs = opts.refreshMs ?? 5_000;
  const maxStaleMs = opts.maxStaleMs ?? 300_000;
  const wall = opts.wallClock ?? Date.now;
  let cached: { at: number; silences: Silence[] } | undefined;
  let inFlight: Promise<Silence[]> | undefined;

  const refresh = async (): Promise<Silence[]> => {
    try {
      const silences = await listSilences(ch, { now: opts.now() });
      cached = { at: wall(), silences };
      return silences;
    } catch (error) {
      if (!cached || wall() - cached.at > maxStaleMs) throw error;
      opts.onRefreshError?.(error);
      return cached.silences;
    }
  };

  return {
    async list() {
      if (cached && wall() - cached.at < refreshMs) return cached.silences;
      inFlight ??= refresh().finally(() => (inFlight = undefined));
      return inFlight;
    },
  };
}
