import type { InventoryItem } from './inventory.view';

const iso = (ms: number) => new Date(ms).toISOString();

/** Columns of the inventory export: [header, value]. */
const COLUMNS: [string, (t: InventoryItem) => string | number | boolean | null][] = [
  ['fingerprint', (t) => t.fp],
  ['hint', (t) => t.hint],
  ['kind', (t) => t.kind],
  ['consumer', (t) => t.consumer],
  ['first_seen', (t) => iso(t.firstSeen)],
  ['last_seen', (t) => iso(t.lastSeen)],
  ['age_days', (t) => t.lifecycle.ageDays],
  ['idle_days', (t) => t.lifecycle.idleDays],
  ['policy', (t) => t.lifecycle.policy],
  ['policy_state', (t) => t.lifecycle.policyState],
  ['policy_conditions', (t) => t.lifecycle.conditions.join(' ')],
  ['rotation_due_at', (t) => iso(t.lifecycle.rotationDueAt)],
  ['rotation_overdue_at', (t) => iso(t.lifecycle.rotationOverdueAt)],
  ['max_age_at', (t) => iso(t.lifecycle.maxAgeAt)],
  ['long_lived', (t) => t.flags.longLived],
  ['shared_clients', (t) => t.lifecycle.sharedClients],
  ['user_agents', (t) => t.userAgents],
  ['ips', (t) => t.ips],
  ['countries', (t) => t.countries.join(' ')],
  ['events', (t) => t.events],
  ['alerts', (t) => t.alerts],
  ['risk', (t) => t.risk],
  [
    'flags',
    (t) =>
      Object.entries(t.flags)
        .filter(([, on]) => on)
        .map(([f]) => f)
        .join(' '),
  ],
];

/** A CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The inventory as CSV (RFC 4180, CRLF line ends, a header row). */
export function inventoryCsv(items: readonly InventoryItem[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const t of items) lines.push(COLUMNS.map(([, value]) => csvField(value(t))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
