import type { DeliveryResult } from '../notifier.types';
import { truncate } from '../util/text';
import { parseRetryAfter } from './retry-after';

export interface HttpRequest {
  url: string;
  method?: 'POST' | 'DELETE' | 'PUT';
  /** Sent as is: signatures are computed over exactly these bytes. */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** At most the first 2000 characters of the response body. */
  body: string;
}

export interface HttpOutcome {
  response?: HttpResponse;
  /** Set when no response arrived: a timeout or a network error. */
  error?: { kind: 'timeout' | 'network'; message: string; /** The connection was refused: the request was certainly not received. */ refused: boolean };
}

/** One HTTP request with a hard timeout; never throws. */
export async function httpRequest(req: HttpRequest): Promise<HttpOutcome> {
  try {
    const res = await fetch(req.url, {
      method: req.method ?? 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs),
      redirect: 'manual',
    });
    const body = truncate(await res.text(), 2000);
    return { response: { status: res.status, headers: res.headers, body } };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      return { error: { kind: 'timeout', message: `no response within ${req.timeoutMs} ms`, refused: false } };
    }
    const code = err.cause?.code;
    return { error: { kind: 'network', message: code ? `${err.message} (${code})` : err.message, refused: code === 'ECONNREFUSED' } };
  }
}

/**
 * The delivery rules every HTTP transport shares: `isSuccess` -> ok; 429 and 5xx -> retry (after
 * Retry-After when given); a timeout or network error -> retry; any other status -> permanent.
 */
export function classifyHttp(outcome: HttpOutcome, isSuccess: (res: HttpResponse) => boolean, now: number, what: string): DeliveryResult {
  const res = outcome.response;
  if (!res) return { kind: 'retry', reason: `${what}: ${outcome.error?.message ?? 'no response'}` };
  if (isSuccess(res)) return { kind: 'ok' };
  const reason = `${what} answered ${res.status}${res.body ? `: ${truncate(res.body.replace(/\s+/g, ' '), 200)}` : ''}`;
  if (res.status === 429 || res.status >= 500) {
    const afterMs = parseRetryAfter(res.headers.get('retry-after'), now);
    return afterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterMs };
  }
  return { kind: 'permanent', reason };
}

export async function sendHttp(req: HttpRequest, isSuccess: (res: HttpResponse) => boolean, now: () => number, what: string): Promise<DeliveryResult> {
  return classifyHttp(await httpRequest(req), isSuccess, now(), what);
}
