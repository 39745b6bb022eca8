import { AccessEvent } from '@tokenwatch/contracts';
import { hasSurelyValidEventFields, isSurelyValidNetwork } from '@tokenwatch/formats';

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
  // Exact key sets (zod would strip extras); formats' field checks count none, their events are built.
  if (!isRecord(v.token) || Object.keys(v.token).length !== TOKEN_KEYS) return false;
  return hasSurelyValidEventFields(v) && (v.geo === null || isGeo(v.geo)) && (!withNetwork || v.network === null || isSurelyValidNetwork(v.network));
}

/** Every key of the schema; `network` (v1.2) is optional, so events stored before it have one fewer. */
const EVENT_KEYS = Object.keys(AccessEvent.shape).length;
const TOKEN_KEYS = Object.keys(AccessEvent.shape.token.shape).length;

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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isNullableString = (v: unknown) => v === null || typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
