import type { TokenKind, TokenRef } from '@tokenwatch/contracts';
import { anonymousFingerprint, fingerprintCredential, secretHint } from '../fingerprint';
import { splitPath, textOf, valueAtPath } from '../record-access';
import { decodeBasic, jwtSubject, looksLikeJwt, splitScheme } from './authorization.parser';
import type { CredentialSource, RecordView } from './credential.source';

export interface ResolvedCredential {
  token: TokenRef;
  /** Raw secret texts seen while resolving; the caller scrubs them from anything it emits. */
  secrets: string[];
}

interface Found {
  kind: TokenKind;
  /** What is fingerprinted; dropped after that. */
  material: string;
  hint: string | null;
  secrets: string[];
}

type Origin = 'path' | 'header' | 'query';
type CompiledSource = { origin: Origin; name: string; segments: string[]; kind: TokenKind };

const HINT_MAX = 64;
const ID_CACHE_SIZE = 50_000;
const SECRET_FIELD = /(auth|token|key|secret|passw|cookie|session|credential)[^.]*$/i;
const REDACTED = /^(redacted|\*+|x{3,}|<redacted>|\[redacted\]|hidden)$/i;

/** Walks an ordered list of credential sources over a record and fingerprints the first credential found. */
export class CredentialResolver {
  private readonly sources: CompiledSource[];
  /** Fingerprints of ids (never of secrets: those are not kept), for the key they were made with. */
  private readonly idFingerprints = new Map<string, string>();
  private idFingerprintKey: string | Uint8Array | undefined;

  constructor(sources: readonly CredentialSource[]) {
    this.sources = sources.map((source) => {
      if ('path' in source) return { origin: 'path', name: source.path, segments: splitPath(source.path), kind: source.kind };
      if ('header' in source) return { origin: 'header', name: source.header.toLowerCase(), segments: [], kind: source.kind };
      return { origin: 'query', name: source.query, segments: [], kind: source.kind };
    });
  }

  resolve(view: RecordView, key: string | Uint8Array): ResolvedCredential | undefined {
    for (const source of this.sources) {
      const raw =
        source.origin === 'path' ? textOf(valueAtPath(view.record, source.segments)) : source.origin === 'header' ? view.header(source.name) : view.query(source.name);
      if (raw === undefined) continue;
      const found = interpret(source, raw);
      if (!found) continue;
      return { token: { fp: this.fingerprint(key, found), hint: found.hint, kind: found.kind }, secrets: found.secrets };
    }
    return undefined;
  }

  /**
   * Every raw secret value any secret source finds in the record (not only the one chosen), so the
   * caller can scrub them all from the path and other emitted text: a key may also sit in a path
   * segment (`/keys/<key>/usage`) or be sent twice.
   */
  secretValues(view: RecordView): string[] {
    const values: string[] = [];
    for (const source of this.sources) {
      if (source.origin === 'path' && (source.kind === 'credential_id' || source.kind === 'consumer')) continue;
      const raw = source.origin === 'path' ? textOf(valueAtPath(view.record, source.segments)) : source.origin === 'header' ? view.header(source.name) : view.query(source.name);
      if (raw === undefined) continue;
      const found = interpret(source, raw);
      if (found) values.push(...found.secrets);
    }
    return values;
  }

  /**
   * Ids (credential ids, consumer ids, JWT subjects) repeat on every request of a token and are
   * not secret (they are the hint already), so their fingerprints are memoized in a bounded map.
   * Secrets are fingerprinted every time: a raw key is never kept beyond its record.
   */
  private fingerprint(key: string | Uint8Array, found: Found): string {
    if (found.secrets.length > 0 || found.kind === 'api_key' || found.kind === 'bearer' || found.kind === 'basic') {
      return fingerprintCredential(key, found.kind, found.material);
    }
    if (key !== this.idFingerprintKey) {
      this.idFingerprints.clear();
      this.idFingerprintKey = key;
    }
    const cacheKey = `${found.kind}\u0000${found.material}`;
    let fp = this.idFingerprints.get(cacheKey);
    if (fp === undefined) {
      fp = fingerprintCredential(key, found.kind, found.material);
      if (this.idFingerprints.size >= ID_CACHE_SIZE) this.idFingerprints.clear();
      this.idFingerprints.set(cacheKey, fp);
    }
    return fp;
  }
}

/** The token of traffic without a credential, when anonymous traffic is counted: one fixed identity. */
export function anonymousToken(key: string | Uint8Array): TokenRef {
  return { fp: anonymousFingerprint(key), hint: 'anonymous', kind: 'consumer' };
}

function interpret({ kind, origin, name }: CompiledSource, raw: string): Found | undefined {
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
      return jwtSub(scheme, value, origin === 'path' && !SECRET_FIELD.test(name), text);
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
