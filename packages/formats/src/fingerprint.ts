import { createHmac, hash } from 'node:crypto';
import type { TokenKind } from '@tokenwatch/contracts';

const BLOCK = 64;
const SCRATCH_MESSAGE = 4096;

/**
 * HMAC-SHA256 of `kind NUL credential` under one key, as lowercase hex. The kind is part of the
 * message so that a consumer id and an API key with the same text never share a fingerprint.
 *
 * Same result as `createHmac('sha256', key)` (tested against it), computed with the key's padded
 * blocks prepared once and two one-shot hashes into reused buffers: about 2x faster per record than
 * building an Hmac object, which matters at 100k+ records per second.
 */
export class Fingerprinter {
  private readonly inner: Buffer;
  private readonly outer: Buffer;

  constructor(readonly key: string | Uint8Array) {
    let keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
    if (keyBytes.length > BLOCK) keyBytes = hash('sha256', keyBytes, 'buffer');
    this.inner = Buffer.alloc(BLOCK + SCRATCH_MESSAGE);
    this.outer = Buffer.alloc(BLOCK + 32);
    for (let i = 0; i < BLOCK; i++) {
      const k = keyBytes[i] ?? 0;
      this.inner[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
  }

  fingerprint(kind: TokenKind, credential: string): string {
    const message = `${kind}\u0000${credential}`;
    if (message.length * 3 > SCRATCH_MESSAGE) return createHmac('sha256', this.key).update(message).digest('hex');
    const length = this.inner.write(message, BLOCK, 'utf8');
    const innerDigest = hash('sha256', this.inner.subarray(0, BLOCK + length), 'buffer');
    this.inner.fill(0, BLOCK, BLOCK + length); // leave no credential bytes behind in the scratch buffer
    innerDigest.copy(this.outer, BLOCK);
    return hash('sha256', this.outer, 'hex');
  }
}

let last: Fingerprinter | undefined;

/** HMAC-SHA256 fingerprint of a credential under the deployment's secret key (see Fingerprinter). */
export function fingerprintCredential(key: string | Uint8Array, kind: TokenKind, credential: string): string {
  if (last?.key !== key) last = new Fingerprinter(key);
  return last.fingerprint(kind, credential);
}

/**
 * The fingerprint of "no credential" when anonymous traffic is counted (kind `consumer`, hint
 * `anonymous`). The NUL prefix keeps it apart from any real consumer id, which cannot contain one.
 */
export function anonymousFingerprint(key: string | Uint8Array): string {
  return fingerprintCredential(key, 'consumer', '\u0000anonymous');
}

/** What may be shown of a secret: at most its last 4 characters, and nothing of a short one. */
export function secretHint(secret: string): string | null {
  return secret.length >= 12 ? secret.slice(-4) : null;
}
