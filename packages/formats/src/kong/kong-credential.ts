import type { TokenKind } from '@tokenwatch/contracts';
import { isObject, objectAt, stringAt, type JsonObject } from '../record-access';

export interface FoundCredential {
  kind: TokenKind;
  /** The text that is fingerprinted; dropped after that. */
  value: string;
  /** True when `value` is a secret (an API key or bearer token), false for ids. */
  secret: boolean;
}

/**
 * Kong's credential sources, most specific first: the credential id of the authenticated entity,
 * then the consumer id, then raw keys that Kong does not redact (apikey header or query parameter,
 * a bearer token).
 */
export function findKongCredential(record: JsonObject): FoundCredential | undefined {
  const credentialId = stringAt(objectAt(record, 'authenticated_entity'), 'id');
  if (credentialId) return { kind: 'credential_id', value: credentialId, secret: false };

  const consumerId = stringAt(objectAt(record, 'consumer'), 'id');
  if (consumerId) return { kind: 'consumer', value: consumerId, secret: false };

  const request = objectAt(record, 'request');
  const headers = request ? objectAt(request, 'headers') : undefined;
  const headerKey = stringAt(headers, 'apikey') ?? stringAt(headers, 'x-api-key');
  if (headerKey) return { kind: 'api_key', value: headerKey, secret: true };

  const query = request?.['querystring'];
  const queryKey = isObject(query) ? stringAt(query, 'apikey') : undefined;
  if (queryKey) return { kind: 'api_key', value: queryKey, secret: true };

  const authorization = stringAt(headers, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer && bearer !== 'REDACTED') return { kind: 'bearer', value: bearer, secret: true };

  return undefined;
}
