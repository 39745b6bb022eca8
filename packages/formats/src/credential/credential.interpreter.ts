import type { TokenKind } from '@tokenwatch/contracts';
import { secretHint } from '../fingerprint';
import { decodeBasic, jwtSubject, looksLikeJwt, splitScheme } from './authorization.parser';

/** What one source's value says about the request's identity. */
export interface Found {
  kind: TokenKind;
  /** What is fingerprinted. */
  material: string;
  hint: string | null;
  /** Raw secret texts of the value, which the caller scrubs from anything it emits. */
  secrets: readonly string[];
}

export type Origin = 'path' | 'header' | 'query';

/** How a source reads its raw value: the same for every source of one kind and origin (see interpreterKey). */
export interface Interpretation {
  kind: TokenKind;
  origin: Origin;
  /** For `jwt_sub` fields: may a non-JWT value be the subject itself (a plain, non-secret field name)? */
  plainSubjectAllowed: boolean;
}

const HINT_MAX = 64;
const SECRET_FIELD = /(auth|token|key|secret|passw|cookie|session|credential)[^.]*$/i;
const REDACTED = /^(redacted|\*+|x{3,}|<redacted>|\[redacted\]|hidden)$/i;

export function interpretation(kind: TokenKind, origin: Origin, name: string): Interpretation {
  return { kind, origin, plainSubjectAllowed: origin === 'path' && !SECRET_FIELD.test(name) };
}

/** Sources with equal keys read every raw value the same way, so they can share cached readings. */
export function interpreterKey({ kind, origin, plainSubjectAllowed }: Interpretation): string {
  return `${kind}/${origin}/${kind === 'jwt_sub' && plainSubjectAllowed}`;
}

/** The identity a raw value gives under one interpretation; undefined when it gives none. */
export function interpret({ kind, origin, plainSubjectAllowed }: Interpretation, raw: string): Found | undefined {
  const text = raw.trim();
  if (text === '' || text === '-' || REDACTED.test(text)) return undefined;
  const { scheme, value } = splitScheme(text);
  if (value === '' || REDACTED.test(value)) return undefined;
  switch (kind) {
    case 'credential_id':
    case 'consumer':
      return scheme ? undefined : { kind, material: value, hint: value.slice(0, HINT_MAX), secrets: [] };
    case 'api_key':
      if (scheme === 'bearer' || scheme === 'basic' || scheme === 'digest') return undefined;
      return secret(kind, value, text);
    case 'bearer':
      if (scheme !== undefined && scheme !== 'bearer') return undefined;
      return secret(kind, value, text);
    case 'basic':
      return basic(scheme, value, origin, text);
    case 'jwt_sub':
      return jwtSub(scheme, value, plainSubjectAllowed, text);
  }
}

function secret(kind: TokenKind, value: string, whole: string): Found {
  return { kind, material: value, hint: secretHint(value), secrets: [value, whole] };
}

/**
 * HTTP Basic: the fingerprint covers `user:password` (a new password is a new credential), the hint
 * is the user name, which is an account id rather than a secret, unless the password is empty: then
 * the "user" is an API key sent as Basic (a common client convention) and only its last 4 characters
 * may be shown. A bare value (nginx `$remote_user`, Traefik `ClientUsername`) is a user name alone.
 */
function basic(scheme: string | undefined, value: string, origin: Origin, whole: string): Found | undefined {
  if (scheme === undefined) {
    if (origin !== 'path') return undefined;
    return { kind: 'basic', material: value, hint: value.slice(0, HINT_MAX), secrets: [] };
  }
  if (scheme !== 'basic') return undefined;
  const credentials = decodeBasic(value);
  if (!credentials || credentials.user === '') return undefined;
  const { user, password } = credentials;
  const hint = password === '' ? secretHint(user) : user.slice(0, HINT_MAX);
  return { kind: 'basic', material: `${user}:${password}`, hint, secrets: [value, whole, ...(password === '' ? [user] : [password])] };
}

/**
 * A JWT's subject (unverified). From a plain field a non-JWT value is the subject itself (AWS
 * `claims.sub`), unless the field's name says it carries a secret (authorization, token, key…).
 */
function jwtSub(scheme: string | undefined, value: string, plainSubjectAllowed: boolean, whole: string): Found | undefined {
  if (scheme !== undefined && scheme !== 'bearer') return undefined;
  if (looksLikeJwt(value)) {
    const subject = jwtSubject(value);
    return subject === undefined ? undefined : { kind: 'jwt_sub', material: subject, hint: subject.slice(0, HINT_MAX), secrets: [value, whole] };
  }
  if (!plainSubjectAllowed || scheme !== undefined) return undefined;
  return { kind: 'jwt_sub', material: value, hint: value.slice(0, HINT_MAX), secrets: [] };
}
