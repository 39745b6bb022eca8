import type { TokenInventoryRow } from '@tokenwatch/clickhouse';
import { assessLifecycle, type PolicyState, type TokenLifecycle, type TokenPolicy } from '@tokenwatch/lifecycle';
import { assessTokenRisk, type RiskFlag, type RiskOptions, type TokenRisk } from './token-risk';

const DAY_MS = 86_400_000;

export const INVENTORY_SORTS = ['risk', 'last_seen', 'volume'] as const;
export type InventorySort = (typeof INVENTORY_SORTS)[number];

export type InventoryItem = TokenInventoryRow & TokenRisk & { ageDays: number; lifecycle: TokenLifecycle };

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
  /** Only tokens in one of these policy states (a condition that holds, or `ok` for none). */
  policy?: readonly PolicyState[];
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
 * One page of the inventory (pure): every token assessed (risk and lifecycle policy), filtered by flags and policy state, sorted by the chosen
 * key (descending), and cut after the cursor.
 */
export function inventoryPage(rows: readonly TokenInventoryRow[], q: InventoryQuery, risk: RiskOptions & { policy: TokenPolicy }) {
  const key = sortKey[q.sort];
  const inPolicyStates = (l: TokenLifecycle) => !q.policy?.length || q.policy.some((p) => (p === 'ok' ? l.conditions.length === 0 : l.conditions.includes(p)));
  const items = rows
    .map((row): InventoryItem => ({
      ...row,
      ageDays: Math.floor((risk.now - row.firstSeen) / DAY_MS),
      ...assessTokenRisk(row, risk),
      lifecycle: assessLifecycle(row, risk.policy, risk.now),
    }))
    .filter((t) => q.flags.every((f) => t.flags[f]) && inPolicyStates(t.lifecycle))
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
