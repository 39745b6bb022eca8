import { AccessEvent } from '@tokenwatch/contracts';

/**
 * A fast path for `AccessEvent.safeParse` on JSON read from tokenwatch.events.v1, which the
 * normalize step wrote from validated events. It answers only "surely valid": true means zod would
 * accept the value and return an equal object (so the value itself can be used); false means "ask
 * zod", which decides and names the problem. It is therefore stricter than the schema, never looser:
 * exact key sets (zod would strip extra keys), lengths in UTF-16 units (never fewer than zod counts).
 * A property test compares it with zod.
 */
export function isSurelyValidAccessEvent(v: unknown): v is AccessEvent {
  if (!isRecord(v)) return false;
  const withNetwork = 'network' in v;
  if (Object.keys(v).length !== (withNetwork ? EVENT_KEYS : EVENT_KEYS - 1)) return false;
  return (
    typeof v.id === 'string' &&
    v.id.length >= 1 &&
    v.id.length <= 128 &&
    isNonNegativeInteger(v.ts) &&
    typeof v.gateway === 'string' &&
    v.gateway.length >= 1 &&
    isToken(v.token) &&
    isNullableString(v.ip) &&
    isNullableString(v.method) &&
    isNullableString(v.route) &&
    isNullableString(v.path) &&
    (v.status === null || (isNonNegativeInteger(v.status) && v.status <= 999)) &&
    (v.bytes === null || isNonNegativeInteger(v.bytes)) &&
    (v.latencyMs === null || (isFiniteNumber(v.latencyMs) && v.latencyMs >= 0)) &&
    isNullableString(v.userAgent) &&
    isNullableString(v.consumer) &&
    isNullableString(v.service) &&
    (v.geo === null || isGeo(v.geo)) &&
    (!withNetwork || v.network === null || isNetwork(v.network))
  );
}

/** Every key of the schema; `network` (v1.2) is optional, so events stored before it have one fewer. */
const EVENT_KEYS = Object.keys(AccessEvent.shape).length;
const CLASSES: ReadonlySet<unknown> = new Set(AccessEvent.shape.network.unwrap().unwrap().shape.class.unwrap().options);
const FINGERPRINT = /^[0-9a-f]{16,64}$/;
const KINDS: ReadonlySet<unknown> = new Set(AccessEvent.shape.token.shape.kind.options);

function isToken(t: unknown): boolean {
  return (
    isRecord(t) &&
    Object.keys(t).length === 3 &&
    typeof t.fp === 'string' &&
    FINGERPRINT.test(t.fp) &&
    (t.hint === null || (typeof t.hint === 'string' && t.hint.length <= 64)) &&
    KINDS.has(t.kind)
  );
}

function isGeo(g: unknown): boolean {
  if (!isRecord(g)) return false;
  const keys = Object.keys(g).length;
  const withAccuracy = 'accuracyKm' in g;
  if (keys !== (withAccuracy ? 6 : 5)) return false;
  return (
    isNullableString(g.country) &&
    isNullableString(g.region) &&
    isNullableString(g.city) &&
    (g.lat === null || isFiniteNumber(g.lat)) &&
    (g.lon === null || isFiniteNumber(g.lon)) &&
    (!withAccuracy || g.accuracyKm === null || (isFiniteNumber(g.accuracyKm) && g.accuracyKm >= 0))
  );
}

function isNetwork(n: unknown): boolean {
  return (
    isRecord(n) &&
    Object.keys(n).length === 3 &&
    (n.asn === null || isNonNegativeInteger(n.asn)) &&
    (n.org === null || (typeof n.org === 'string' && n.org.length <= 256)) &&
    (n.class === null || CLASSES.has(n.class))
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isNullableString = (v: unknown) => v === null || typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNonNegativeInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
