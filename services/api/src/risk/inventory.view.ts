import type { TokenInventoryRow } from '@tokenwatch/clickhouse';
import { assessTokenRisk, type RiskFlag, type RiskOptions, type TokenRisk } from './token-risk';

const DAY_MS = 86_400_000;

export const INVENTORY_SORTS = ['risk', 'last_seen', 'volume'] as const;
export type InventorySort = (typeof INVENTORY_SORTS)[number];

export type InventoryItem = TokenInventoryRow & TokenRisk & { ageDays: number };

/** Keyset cursor: the sort, and the sort value and fingerprint of the last item of the page. */
export interface InventoryCursor {
  sort: InventorySort;
  key: number;
  fp: string;
}

export interface InventoryQuery {
  sort: InventorySort;
  /** Only tokens carrying every one of these flags. */
  flags: readonly RiskFlag[];
  limit: number;
  after?: InventoryCursor;
}

const sortKey: Record<InventorySort, (t: InventoryItem) => number> = {
  risk: (t) => t.risk,
  last_seen: (t) => t.lastSeen,
  volume: (t) => t.events,
};

/** Largest key first; ties in fingerprint order, so a cursor names one position. */
const compare = (aKey: number, aFp: string, bKey: number, bFp: string) => bKey - aKey || (aFp < bFp ? -1 : aFp > bFp ? 1 : 0);

/**
 * One page of the inventory (pure): every token assessed, filtered by flags, sorted by the chosen
 * key (descending), and cut after the cursor.
 */
export function inventoryPage(rows: readonly TokenInventoryRow[], q: InventoryQuery, risk: RiskOptions) {
  const key = sortKey[q.sort];
  const items = rows
    .map((row): InventoryItem => ({ ...row, ageDays: Math.floor((risk.now - row.firstSeen) / DAY_MS), ...assessTokenRisk(row, risk) }))
    .filter((t) => q.flags.every((f) => t.flags[f]))
    .map((t) => ({ k: key(t), t }))
    .sort((a, b) => compare(a.k, a.t.fp, b.k, b.t.fp))
    .map(({ t }) => t);
  const after = q.after;
  const start = after ? items.findIndex((t) => compare(after.key, after.fp, key(t), t.fp) < 0) : 0;
  const page = start < 0 ? [] : items.slice(start, start + q.limit);
  const last = page.at(-1);
  const more = start >= 0 && start + q.limit < items.length;
  return {
    items: page,
    total: items.length,
    next: more && last ? ({ sort: q.sort, key: key(last), fp: last.fp } satisfies InventoryCursor) : null,
  };
}
