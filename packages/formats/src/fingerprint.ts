import { createHmac } from 'node:crypto';
import type { TokenKind } from '@tokenwatch/contracts';

/**
 * HMAC-SHA256 of a credential under the deployment's secret key, as lowercase hex.
 * The kind is part of the message so that a consumer id and an API key with the same text
 * never share a fingerprint.
 */
export function fingerprintCredential(key: string | Uint8Array, kind: TokenKind, credential: string): string {
  return createHmac('sha256', key).update(`${kind}\u0000${credential}`).digest('hex');
}

/** What may be shown of a secret: at most its last 4 characters, and nothing of a short one. */
export function secretHint(secret: string): string | null {
  return secret.length >= 12 ? secret.slice(-4) : null;
}
