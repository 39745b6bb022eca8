/** Small readers for untyped JSON records: they return undefined instead of throwing. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(record: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = record?.[key];
  return isObject(value) ? value : undefined;
}

/**
 * A value as text: non-empty strings other than `-` (the "unset" of Envoy, AWS and nginx), finite
 * numbers, and the first such element of an array (repeated headers).
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value !== '' && value !== '-' ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = textOf(item);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

export function stringAt(record: JsonObject | undefined, key: string): string | undefined {
  return textOf(record?.[key]);
}

/** Numbers, including the string-typed numbers of older gateway versions ("434"). NaN when present but not a number. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed === '-') return undefined;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : NaN;
  }
  return value === undefined || value === null ? undefined : NaN;
}

export function numberAt(record: JsonObject | undefined, key: string): number | undefined {
  return numberOf(record?.[key]);
}

/** `a.b.c` -> ['a', 'b', 'c']; compiled once per configured path. */
export function splitPath(path: string): string[] {
  return path.split('.').filter((segment) => segment !== '');
}

/** The value at a compiled path; array elements are addressed by index (`tries.0.ip`). */
export function valueAtPath(record: unknown, segments: readonly string[]): unknown {
  let current = record;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * A header map value by lowercase name. `anyCase` also finds keys a gateway logged with their
 * original case; Kong and APISIX lowercase header names themselves, so they skip that scan.
 */
export function headerIn(headers: JsonObject | undefined, lowerName: string, anyCase = true): string | undefined {
  if (!headers) return undefined;
  const direct = textOf(headers[lowerName]);
  if (direct !== undefined || !anyCase) return direct;
  for (const key in headers) if (key.length === lowerName.length && key.toLowerCase() === lowerName) return textOf(headers[key]);
  return undefined;
}

/** One parameter of a query string (`a=1&b=2`), decoded; undefined when absent. */
export function queryParam(query: string, name: string): string | undefined {
  // Without `%` or `+` no key is changed by decoding, so a key equal to the name is in the text.
  if (!query.includes(name) && !query.includes('%') && !query.includes('+')) return undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (safeDecode(key) !== name) continue;
    return eq === -1 ? undefined : safeDecode(pair.slice(eq + 1));
  }
  return undefined;
}

/** The query part of a path or URL, without the `?`. */
export function queryOf(pathOrUrl: string | undefined): string | undefined {
  if (!pathOrUrl) return undefined;
  const q = pathOrUrl.indexOf('?');
  if (q === -1) return undefined;
  const h = pathOrUrl.indexOf('#', q);
  return pathOrUrl.slice(q + 1, h === -1 ? undefined : h);
}

/** One parameter of the query part of a path or URL; undefined when there is none. */
export function queryParamOf(pathOrUrl: string | undefined, name: string): string | undefined {
  const query = queryOf(pathOrUrl);
  return query === undefined ? undefined : queryParam(query, name);
}

function safeDecode(text: string): string {
  const plus = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}
