import type { NetworkClass, TokenKind } from '@tokenwatch/contracts';

/**
 * A hand-written fast path for the zod `AccessEvent` schema, which stays the contract's source of
 * truth. It only ever answers "surely valid": true means `AccessEvent.safeParse(event)` succeeds and
 * returns a value equal to `event`; false means "ask zod" (which then decides, and names the problem).
 * So it may be stricter than the schema, never looser: strings are measured in UTF-16 units (zod
 * counts code points, which is never more), and any `geo` but null goes to zod. `network` (optional)
 * may be absent, null, or an object of exactly its three keys.
 *
 * The domain is objects built with exactly the schema's keys (as buildEvent does): extra keys,
 * which zod would strip, are not looked for. A property test checks it against zod.
 */
export interface EventShape {
  id: unknown;
  ts: unknown;
  gateway: unknown;
  token: unknown;
  ip: unknown;
  method: unknown;
  route: unknown;
  path: unknown;
  status: unknown;
  bytes: unknown;
  latencyMs: unknown;
  userAgent: unknown;
  consumer: unknown;
  service: unknown;
  geo: unknown;
  network?: unknown;
}

const FP_MIN = 16;
const FP_MAX = 64;
const KINDS: ReadonlySet<unknown> = new Set<TokenKind>(['api_key', 'bearer', 'basic', 'credential_id', 'consumer', 'jwt_sub']);
const ID_MAX = 128;
const HINT_MAX = 64;
const STATUS_MAX = 999;
const ORG_MAX = 256;
const CLASSES: ReadonlySet<unknown> = new Set<NetworkClass>(['hosting', 'mobile', 'residential', 'anonymiser']);

export function isSurelyValidEvent(e: EventShape): boolean {
  return (
    hasSurelyValidEventFields(e) && e.geo === null && (e.network === null || (e.network === undefined ? !('network' in e) : isSurelyValidNetwork(e.network)))
  );
}

/**
 * Every field but `geo` and `network` surely valid, on objects built with the schema's keys (extra
 * keys are not looked for). Also the core of the pipeline's check of events read back from the events
 * topic, which counts the keys itself and adds geo and network.
 */
export function hasSurelyValidEventFields(e: Partial<Omit<EventShape, 'geo' | 'network'>>): boolean {
  return (
    typeof e.id === 'string' &&
    e.id.length >= 1 &&
    e.id.length <= ID_MAX &&
    isNonNegativeInteger(e.ts) &&
    typeof e.gateway === 'string' &&
    e.gateway.length >= 1 &&
    isSurelyValidToken(e.token) &&
    isNullableString(e.ip) &&
    isNullableString(e.method) &&
    isNullableString(e.route) &&
    isNullableString(e.path) &&
    (e.status === null || (isNonNegativeInteger(e.status) && e.status <= STATUS_MAX)) &&
    (e.bytes === null || isNonNegativeInteger(e.bytes)) &&
    (e.latencyMs === null || (typeof e.latencyMs === 'number' && Number.isFinite(e.latencyMs) && e.latencyMs >= 0)) &&
    isNullableString(e.userAgent) &&
    isNullableString(e.consumer) &&
    isNullableString(e.service)
  );
}

/** `network` as an object of exactly its three keys. */
export function isSurelyValidNetwork(network: unknown): boolean {
  if (typeof network !== 'object' || network === null || Array.isArray(network) || Object.keys(network).length !== 3) return false;
  const n = network as { asn?: unknown; org?: unknown; class?: unknown };
  return (
    (n.asn === null || isNonNegativeInteger(n.asn)) &&
    (n.org === null || (typeof n.org === 'string' && n.org.length <= ORG_MAX)) &&
    (n.class === null || CLASSES.has(n.class))
  );
}

function isSurelyValidToken(token: unknown): boolean {
  if (typeof token !== 'object' || token === null || Array.isArray(token)) return false;
  const { fp, hint, kind } = token as { fp: unknown; hint: unknown; kind: unknown };
  return typeof fp === 'string' && isFingerprint(fp) && (hint === null || (typeof hint === 'string' && hint.length <= HINT_MAX)) && KINDS.has(kind);
}

/** `^[0-9a-f]{16,64}$`, the schema's pattern, without a regex (one per event adds up). */
function isFingerprint(fp: string): boolean {
  if (fp.length < FP_MIN || fp.length > FP_MAX) return false;
  for (let i = 0; i < fp.length; i++) {
    const c = fp.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isNonNegativeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isNullableString(value: unknown): boolean {
  return value === null || typeof value === 'string';
}
