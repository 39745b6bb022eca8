import { parseArgs } from 'node:util';
import {
  DEFAULT_RISK_THRESHOLDS,
  INVENTORY_MAX_TOKENS,
  INVENTORY_SORTS,
  inventoryCsv,
  inventoryPage,
  sensitiveRouteTest,
  type InventoryItem,
  type InventorySort,
} from '@tokenwatch/api';
import { listTokenInventory } from '@tokenwatch/clickhouse';
import { DEFAULT_SENSITIVE_PATTERNS } from '@tokenwatch/detector';
import { loadTokenPolicyFile } from '@tokenwatch/lifecycle';
import { ExitCode, UsageError } from '../cli-error';
import type { Config } from '../config/load-config';
import { openRuntime } from '../runtime/open-runtime';
import { notifyPolicyDigest } from './tokens-digest';

/** Everything due or worse: a rotation coming due, overdue, past maximum age, dormant. */
const DUE_STATES = ['rotation_due', 'rotation_overdue', 'past_max_age', 'dormant'] as const;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One aligned text table: the same facts as the inventory's lifecycle columns. */
export function tokensTable(items: readonly InventoryItem[]): string {
  const header = ['TOKEN', 'HINT', 'CONSUMER', 'KIND', 'FIRST SEEN', 'AGE', 'IDLE', 'POLICY', 'STATE', 'ROTATE BY', 'LONG-LIVED', 'SHARED', 'RISK'];
  const rows = items.map((t) => [
    t.fp.slice(0, 16),
    t.hint ? `…${t.hint}` : '-',
    t.consumer ?? '-',
    t.kind ?? '-',
    day(t.firstSeen),
    `${t.lifecycle.ageDays}d`,
    `${t.lifecycle.idleDays}d`,
    t.lifecycle.policy,
    t.lifecycle.policyState,
    day(t.lifecycle.rotationOverdueAt),
    t.flags.longLived ? 'yes' : 'no',
    t.lifecycle.sharedClients ? `yes (${t.userAgents} clients)` : 'no',
    String(t.risk),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `tokenwatch tokens [--due] [--csv] [--notify] [--sort S] [--policy FILE]`: the token inventory with its
 * lifecycle under the policy (TOKENWATCH_TOKEN_POLICY or --policy): first seen, age, rotation, long-lived,
 * shared; --notify sends the digest of tokens past policy instead.
 */
export async function tokensCommand(args: string[], config: Config, options: { now?: number } = {}): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      due: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      notify: { type: 'boolean', default: false },
      sort: { type: 'string', default: 'risk' },
      policy: { type: 'string' },
    },
    allowPositionals: false,
  });
  if (!(INVENTORY_SORTS as readonly string[]).includes(values.sort)) throw new UsageError(`--sort takes ${INVENTORY_SORTS.join(', ')}, got "${values.sort}"`);
  const policy = values.policy ? loadTokenPolicyFile(values.policy) : config.lifecycle.tokenPolicy;
  const now = options.now ?? Date.now();
  const rt = await openRuntime(config, { name: 'tokenwatch-tokens', needs: ['clickhouse'] });
  try {
    const ch = await rt.clickhouse();
    const rows = await listTokenInventory(ch, { limit: INVENTORY_MAX_TOKENS + 1 });
    if (rows.length > INVENTORY_MAX_TOKENS)
      process.stderr.write(`tokens: more than ${INVENTORY_MAX_TOKENS} tokens; listing the first ${INVENTORY_MAX_TOKENS} by fingerprint\n`);
    const { items } = inventoryPage(
      rows.slice(0, INVENTORY_MAX_TOKENS),
      { sort: values.sort as InventorySort, flags: [], policy: values.due ? DUE_STATES : [], limit: INVENTORY_MAX_TOKENS },
      { ...DEFAULT_RISK_THRESHOLDS, now, policy, isSensitiveRoute: sensitiveRouteTest(DEFAULT_SENSITIVE_PATTERNS.map((p) => new RegExp(p, 'i'))) },
    );
    if (values.notify) return await notifyPolicyDigest(items, now, config.notifier);
    if (values.csv) process.stdout.write(inventoryCsv(items));
    else if (items.length === 0) process.stdout.write(values.due ? 'no token is due for rotation, past its maximum age or dormant\n' : 'no tokens\n');
    else process.stdout.write(`${tokensTable(items)}\n`);
    return ExitCode.ok;
  } finally {
    await rt.close();
  }
}
