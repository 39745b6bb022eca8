import type { TokenKind } from '@tokenwatch/contracts';
import type { JsonObject } from '../record-access';

/**
 * Where a credential may be found, tried in order; the first that yields one wins.
 * - `{ path, kind }`: a field of the record (dotted path), e.g. `authenticated_entity.id`;
 * - `{ header, kind }`: a request header as the gateway logs it (name matched case-insensitively);
 * - `{ query, kind }`: a query-string parameter of the request path.
 * The kind says how the value is read: `credential_id`/`consumer` are ids (kept as the hint),
 * `api_key`/`bearer` are secrets (fingerprinted, hint = last 4 characters), `basic` is an HTTP
 * Basic value or a bare user name, `jwt_sub` is a JWT whose `sub` is read without verification
 * (or, from a field, the subject itself).
 */
export type CredentialSource = { path: string; kind: TokenKind } | { header: string; kind: TokenKind } | { query: string; kind: TokenKind };

/** What an adapter exposes of one record to the credential sources. */
export interface RecordView {
  readonly record: JsonObject;
  /** A request header by lowercase name. */
  header(lowerName: string): string | undefined;
  /** A query-string parameter of the request. */
  query(name: string): string | undefined;
}

/** Shorthands for adapters' default source lists. */
export const field = (path: string, kind: TokenKind): CredentialSource => ({ path, kind });
export const header = (name: string, kind: TokenKind = 'api_key'): CredentialSource => ({ header: name, kind });
export const query = (name: string, kind: TokenKind = 'api_key'): CredentialSource => ({ query: name, kind });

/** The usual `Authorization` readings, in order: a JWT's subject, an opaque bearer token, HTTP Basic. */
export const authorizationSources = (name = 'authorization'): CredentialSource[] => [header(name, 'jwt_sub'), header(name, 'bearer'), header(name, 'basic')];

/** API keys in headers and query parameters under their common names. */
export const apiKeySources = (): CredentialSource[] => [
  header('apikey'),
  header('x-api-key'),
  header('api-key'),
  query('apikey'),
  query('api_key'),
  query('api-key'),
  query('access_token', 'jwt_sub'),
  query('access_token', 'bearer'),
];

export function describeSource(source: CredentialSource): string {
  if ('path' in source) return `field ${source.path}`;
  if ('header' in source) return `header ${source.header}`;
  return `query ${source.query}`;
}
