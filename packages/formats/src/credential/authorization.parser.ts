/** Reading credentials out of header values: auth schemes, HTTP Basic, and a JWT's `sub` (unverified). */

const KNOWN_SCHEMES = new Set([
  'basic',
  'bearer',
  'digest',
  'negotiate',
  'ntlm',
  'token',
  'apikey',
  'api-key',
  'key',
  'hoba',
  'mutual',
  'dpop',
  'aws4-hmac-sha256',
  'hmac',
]);

export interface SchemeValue {
  /** Lowercase scheme name, or undefined for a bare value. */
  scheme: string | undefined;
  value: string;
}

/** `Bearer abc` -> { scheme: 'bearer', value: 'abc' }; `abc` -> { scheme: undefined, value: 'abc' }. */
export function splitScheme(text: string): SchemeValue {
  const space = text.search(/\s/);
  if (space > 0) {
    const scheme = text.slice(0, space).toLowerCase();
    if (KNOWN_SCHEMES.has(scheme) || scheme.startsWith('scram-')) return { scheme, value: text.slice(space).trim() };
  }
  return { scheme: undefined, value: text };
}

export interface BasicCredentials {
  user: string;
  password: string;
}

/** The user and password of an HTTP Basic value (base64 of `user:password`). */
export function decodeBasic(encoded: string): BasicCredentials | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length > 4096) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1 || decoded.includes('\uFFFD')) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const JWT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(token: string): boolean {
  return token.length < 16_384 && JWT.test(token);
}

/**
 * The `sub` claim of a signed JWT, read WITHOUT verifying the signature: the gateway already
 * authenticated the request, and the subject is only an identity for grouping, never a grant.
 * Undefined when the token is not a JWT or has no usable subject.
 */
export function jwtSubject(token: string): string | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const [headerPart, payloadPart] = token.split('.');
  const header = decodeJsonPart(headerPart!);
  if (!header || typeof header['alg'] !== 'string') return undefined;
  const payload = decodeJsonPart(payloadPart!);
  const sub = payload?.['sub'];
  const subject = typeof sub === 'number' && Number.isFinite(sub) ? String(sub) : sub;
  return typeof subject === 'string' && subject.trim() !== '' && subject.length <= 256 ? subject : undefined;
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
