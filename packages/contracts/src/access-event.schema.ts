import { z } from 'zod';

/** How a token was identified in the gateway record. */
export const TokenKind = z.enum(['api_key', 'bearer', 'basic', 'credential_id', 'consumer', 'jwt_sub']);
export type TokenKind = z.infer<typeof TokenKind>;

/** The pattern of a token fingerprint, for the places that validate one without zod (OpenAPI). */
export const TOKEN_FINGERPRINT_PATTERN = /^[0-9a-f]{16,64}$/;

/** Hex HMAC-SHA256 of the credential under a secret key; never the credential itself. */
export const TokenFingerprint = z.string().regex(TOKEN_FINGERPRINT_PATTERN, 'a token fingerprint: 16 to 64 lowercase hex characters');

export const TokenRef = z.object({
  fp: TokenFingerprint,
  /** At most the last 4 characters of a secret, or a credential / consumer id. */
  hint: z.string().max(64).nullable(),
  kind: TokenKind,
});
export type TokenRef = z.infer<typeof TokenRef>;

export const GeoLocation = z.object({
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** Accuracy radius of lat/lon in km, when the geo database knows it (optional, added in v1.1). */
  accuracyKm: z.number().nonnegative().nullable().optional(),
});
export type GeoLocation = z.infer<typeof GeoLocation>;

/**
 * What kind of network an address belongs to, where the data says: a hosting or cloud provider, a
 * mobile carrier, a residential or business access network, or an anonymiser (VPN, Tor, proxy service).
 */
export const NetworkClass = z.enum(['hosting', 'mobile', 'residential', 'anonymiser']);
export type NetworkClass = z.infer<typeof NetworkClass>;

/** The autonomous system an address is announced from (optional, added in v1.2). Unknown parts are null. */
export const NetworkInfo = z.object({
  asn: z.number().int().nonnegative().nullable(),
  org: z.string().max(256).nullable(),
  class: NetworkClass.nullable(),
});
export type NetworkInfo = z.infer<typeof NetworkInfo>;

/** AccessEvent v1: one normalized gateway request. Unknown values are null, never invented. */
export const AccessEvent = z.object({
  id: z.string().min(1).max(128),
  ts: z.number().int().nonnegative(),
  gateway: z.string().min(1),
  token: TokenRef,
  ip: z.string().nullable(),
  method: z.string().nullable(),
  route: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().min(0).max(999).nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  userAgent: z.string().nullable(),
  consumer: z.string().nullable(),
  service: z.string().nullable(),
  geo: GeoLocation.nullable(),
  /** Network context of `ip` (optional, added in v1.2: events stored before it stay valid). */
  network: NetworkInfo.nullable().optional(),
});
export type AccessEvent = z.infer<typeof AccessEvent>;
