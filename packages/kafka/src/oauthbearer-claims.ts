import { readFileSync } from 'node:fs';
import type { KafkaOAuthBearer } from '@tokenwatch/config';

export interface TokenClaims {
  /** The principal the broker's default validator takes from the token. */
  sub?: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
}

/**
 * The `sub` and `exp` claims of the token in use now (the file read again), decoded without checking
 * the signature: only to phrase an error. Empty when the token is not a JWT or cannot be read.
 */
export function currentTokenClaims(oauthBearer: KafkaOAuthBearer): TokenClaims {
  try {
    const token = oauthBearer.tokenFile === undefined ? oauthBearer.token.reveal() : readFileSync(oauthBearer.tokenFile, 'utf8');
    const payload: unknown = JSON.parse(Buffer.from(token.trim().split('.')[1] ?? '', 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return {};
    const { sub, exp } = payload as Record<string, unknown>;
    return { ...(typeof sub === 'string' ? { sub } : {}), ...(typeof exp === 'number' ? { exp } : {}) };
  } catch {
    return {};
  }
}
