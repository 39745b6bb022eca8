/** Most rows sent in one INSERT: `@clickhouse/client` serializes rows on the event loop. */
export const INSERT_CHUNK_ROWS = 10_000;

/** Splits an array into slices of at most `size` items (no copy when it already fits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  if (items.length <= size) return items.length === 0 ? [] : [items as T[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** ClickHouse may return 64-bit integers as JSON strings (server setting); accept both. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`expected a number from ClickHouse, got ${JSON.stringify(value)}`);
  return n;
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}
