import { LruCache } from '@tokenwatch/common';
import { Alert, type AlertState } from '@tokenwatch/contracts';
import type { TransportName } from '../notifier.types';
import { NdjsonFile } from '../util/ndjson-file';

/**
 * sent: delivered; pending: grouped, waiting for the group's next message; grouped: carried by
 * another message of its group; suppressed: silenced, inhibited, or resolved before it was sent;
 * dead_lettered: given up after the last attempt and written to the DLQ; sending: the intent,
 * durable before a message to a receiver that cannot dedupe (Slack) leaves; in_doubt: an intent
 * found without its result after a crash: maybe delivered, so not sent again, and dead-lettered.
 */
export type LedgerOutcome = 'sent' | 'pending' | 'grouped' | 'suppressed' | 'dead_lettered' | 'sending' | 'in_doubt';

/** Outcomes after which a receiver may have shown the message (a resolve must follow). */
export const MAYBE_DELIVERED: ReadonlySet<LedgerOutcome> = new Set(['sent', 'sending', 'in_doubt']);

export interface LedgerKey {
  alertId: string;
  channel: TransportName;
  state: AlertState;
}

export interface LedgerEntry extends LedgerKey {
  tokenFp: string;
  route: string;
  outcome: LedgerOutcome;
  at: number;
  /** Kept while pending, so that a restart can resume the group. */
  alert?: Alert;
}

export const ledgerKey = (k: LedgerKey): string => `${k.alertId}\u0000${k.channel}\u0000${k.state}`;

/** Where ledger entries survive a restart. */
export interface LedgerBackend {
  load(alertIds: readonly string[]): Promise<LedgerEntry[]>;
  save(entries: readonly LedgerEntry[]): Promise<void>;
  /** Entries whose latest outcome is pending, recorded since `sinceMs`. */
  pending(sinceMs: number): Promise<LedgerEntry[]>;
}

/**
 * The delivery ledger: "was (alert id, transport, state) handled already?". That key is the
 * delivery id: one transport is chosen once per alert (the first route naming it), and the state is
 * the decision (trigger or resolve). Answers from a bounded
 * in-memory LRU first, then from the durable backend. `record` updates memory at once (so a retried
 * batch in this process never re-sends); `flush` makes the recorded entries durable.
 */
export class DeliveryLedger {
  private readonly memory: LruCache<string, LedgerEntry>;
  private unsaved: LedgerEntry[] = [];

  constructor(
    private readonly backend?: LedgerBackend,
    maxEntries = 100_000,
  ) {
    this.memory = new LruCache(maxEntries);
  }

  async lookup(keys: readonly LedgerKey[]): Promise<Map<string, LedgerEntry>> {
    const found = new Map<string, LedgerEntry>();
    const missing = new Set<string>();
    for (const key of keys) {
      const hit = this.memory.get(ledgerKey(key));
      if (hit) found.set(ledgerKey(key), hit);
      else missing.add(key.alertId);
    }
    if (this.backend && missing.size > 0) {
      for (const entry of await this.backend.load([...missing])) {
        const k = ledgerKey(entry);
        this.memory.set(k, entry);
        if (keys.some((key) => ledgerKey(key) === k)) found.set(k, entry);
      }
    }
    return found;
  }

  record(entries: readonly LedgerEntry[]): void {
    for (const entry of entries) this.memory.set(ledgerKey(entry), entry);
    if (this.backend) this.unsaved.push(...entries);
  }

  /** Throws when the backend fails; the entries stay queued for the next flush. */
  async flush(): Promise<void> {
    if (!this.backend || this.unsaved.length === 0) return;
    const batch = this.unsaved;
    this.unsaved = [];
    try {
      await this.backend.save(batch);
    } catch (error) {
      this.unsaved = [...batch, ...this.unsaved];
      throw error;
    }
  }

  async pending(sinceMs: number): Promise<LedgerEntry[]> {
    return this.backend ? this.backend.pending(sinceMs) : [];
  }
}

/** An append-only NDJSON file; the whole file is read once at start (CLI mode). */
export function createFileLedgerBackend(path: string): LedgerBackend {
  const file = new NdjsonFile(path);
  let loaded: Promise<Map<string, LedgerEntry>> | undefined;
  const all = () =>
    (loaded ??= file.readAll().then((lines) => {
      const map = new Map<string, LedgerEntry>();
      for (const line of lines) {
        const entry = line as LedgerEntry;
        if (typeof entry?.alertId === 'string' && typeof entry.channel === 'string') map.set(ledgerKey(entry), entry);
      }
      return map;
    }));
  return {
    async load(alertIds) {
      const ids = new Set(alertIds);
      return [...(await all()).values()].filter((e) => ids.has(e.alertId));
    },
    async save(entries) {
      const map = await all();
      for (const e of entries) map.set(ledgerKey(e), e);
      await file.append(entries);
    },
    async pending(sinceMs) {
      return [...(await all()).values()].filter((e) => e.outcome === 'pending' && e.at >= sinceMs && Alert.safeParse(e.alert).success);
    },
  };
}
