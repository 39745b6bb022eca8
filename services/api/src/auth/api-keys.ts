import { createHash, timingSafeEqual } from 'node:crypto';
import { TokenwatchError } from '@tokenwatch/common';

export const ROLES = ['viewer', 'responder', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** viewer < responder < admin; `ingest` is a separate role that only opens /ingest/*. */
const RANK: Record<Exclude<Role, 'ingest'>, number> = { viewer: 1, responder: 2, admin: 3 };

export interface ApiKey {
  role: Role;
  /** A name for audit records: `<role>#<n>` (the n-th key of that role); never the key itself. */
  name: string;
  /** SHA-256 of the key: compared in constant time, and the raw key is not kept. */
  digest: Buffer;
}

/** TOKENWATCH_API_KEYS cannot be used; the message names the entry (never the key). */
export class ApiKeysError extends TokenwatchError {
  constructor(message: string, entry: number) {
    super(message, { code: 'INVALID_API_KEYS', context: { setting: 'TOKENWATCH_API_KEYS', entry } });
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Parses `TOKENWATCH_API_KEYS`: comma-separated `role:key` pairs, e.g.
 * `viewer:abc…,responder:def…,ingest:ghi…`. Keys must be at least 16 characters. Missing or empty: [].
 */
export function parseApiKeys(env: Record<string, string | undefined>): ApiKey[] {
  const raw = env.TOKENWATCH_API_KEYS?.trim();
  if (!raw) return [];
  const counts = new Map<Role, number>();
  return raw.split(',').map((pair, i) => {
    const sep = pair.indexOf(':');
    const role = pair.slice(0, Math.max(sep, 0)).trim();
    const key = pair.slice(sep + 1).trim();
    if (sep < 0 || !(ROLES as readonly string[]).includes(role)) {
      throw new ApiKeysError(`TOKENWATCH_API_KEYS entry ${i + 1}: expected role:key with role one of ${ROLES.join(', ')}`, i + 1);
    }
    if (key.length < 16) throw new ApiKeysError(`TOKENWATCH_API_KEYS entry ${i + 1}: the key must be at least 16 characters`, i + 1);
    const n = (counts.get(role as Role) ?? 0) + 1;
    counts.set(role as Role, n);
    return { role: role as Role, name: `${role}#${n}`, digest: digest(key) };
  });
}

/** The key matching `presented`, comparing every configured key in constant time. */
export function findApiKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const d = digest(presented);
  let found: ApiKey | undefined;
  for (const k of keys) if (timingSafeEqual(k.digest, d) && !found) found = k;
  return found;
}

/** Whether a key of role `have` may use a route that needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  if (need === 'ingest' || have === 'ingest') return have === need;
  return RANK[have] >= RANK[need];
}
