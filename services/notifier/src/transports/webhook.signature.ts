import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tokenwatch-signature';
export const TIMESTAMP_HEADER = 'x-tokenwatch-timestamp';
export const TIMESTAMP_SIGNATURE_HEADER = 'x-tokenwatch-timestamp-signature';
export const DELIVERY_HEADER = 'x-tokenwatch-delivery';

const hmacHex = (secret: string, data: string | Buffer): string => createHmac('sha256', secret).update(data).digest('hex');

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>` */
export const signBody = (secret: string, body: string | Buffer): string => `sha256=${hmacHex(secret, body)}`;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: binds the timestamp to the body, against replays. */
export const signTimestamped = (secret: string, timestamp: string, body: string | Buffer): string =>
  `sha256=${hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.isBuffer(body) ? body : Buffer.from(body)]))}`;

/** The headers of a signed request; `deliveryId` is stable across retries so receivers can drop duplicates. */
export function signatureHeaders(secret: string, body: string, nowMs: number, deliveryId: string): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [SIGNATURE_HEADER]: signBody(secret, body),
    [TIMESTAMP_HEADER]: timestamp,
    [TIMESTAMP_SIGNATURE_HEADER]: signTimestamped(secret, timestamp, body),
    [DELIVERY_HEADER]: deliveryId,
  };
}

function sameSignature(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * What a receiver does (documented in the README): check the body signature, then the timestamped
 * signature and that the timestamp is within `toleranceSec` of now (default 300 s).
 */
export function verifySignedRequest(
  secret: string,
  rawBody: Buffer | string,
  headers: Record<string, string | string[] | undefined>,
  nowMs: number,
  toleranceSec = 300,
): VerifyResult {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (!sameSignature(signBody(secret, rawBody), header(SIGNATURE_HEADER))) return { ok: false, reason: 'bad body signature' };
  const timestamp = header(TIMESTAMP_HEADER);
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing timestamp' };
  if (!sameSignature(signTimestamped(secret, timestamp, rawBody), header(TIMESTAMP_SIGNATURE_HEADER))) return { ok: false, reason: 'bad timestamp signature' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSec) return { ok: false, reason: 'timestamp outside tolerance' };
  return { ok: true };
}
