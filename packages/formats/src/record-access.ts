/** Small readers for untyped JSON records: they return undefined instead of throwing. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(record: JsonObject, key: string): JsonObject | undefined {
  const value = record[key];
  return isObject(value) ? value : undefined;
}

export function stringAt(record: JsonObject | undefined, key: string): string | undefined {
  const value = record?.[key];
  if (typeof value === 'string' && value !== '' && value !== '-') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Numbers, including the string-typed numbers of older gateway versions ("434"). */
export function numberAt(record: JsonObject | undefined, key: string): number | undefined {
  const value = record?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
