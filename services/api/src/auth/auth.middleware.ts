import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findApiKey, roleAllows, type ApiKey, type Role } from './api-keys';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit';

/** The authenticated caller, set on `res.locals.principal`. */
export interface Principal {
  role: Role;
  name: string;
}

export interface AuthOptions {
  keys: readonly ApiKey[];
  rateLimit?: RateLimitOptions | RateLimiter;
  /** Failed attempts per client IP (default burst 30, 1 per second): slows down key guessing. */
  failedAuthLimit?: RateLimitOptions | RateLimiter;
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('no authenticated principal: requireRole must run first');
  return p;
}

function isLimiter(v: RateLimitOptions | RateLimiter | undefined): v is RateLimiter {
  return typeof (v as RateLimiter | undefined)?.take === 'function';
}

/**
 * Builds `requireRole(role)`: a middleware that answers 503 when no keys are configured, 401 for a
 * missing or unknown key, 403 for a key whose role is insufficient, 429 (Retry-After) when the
 * key exceeded its rate; else sets `res.locals.principal` and continues.
 */
export function createAuth(opts: AuthOptions): (need: Role) => RequestHandler {
  const limiter = isLimiter(opts.rateLimit) ? opts.rateLimit : createRateLimiter(opts.rateLimit);
  const failures = isLimiter(opts.failedAuthLimit) ? opts.failedAuthLimit : createRateLimiter({ burst: 30, perSecond: 1, ...opts.failedAuthLimit });
  return (need) => (req: Request, res: Response, next: NextFunction) => {
    if (opts.keys.length === 0) {
      res.status(503).json({ error: 'no API keys configured: set TOKENWATCH_API_KEYS' });
      return;
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const key = match?.[1] ? findApiKey(opts.keys, match[1]) : undefined;
    if (!key) {
      const wait = failures.take(`ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`);
      if (wait > 0) {
        res.set('Retry-After', String(wait)).status(429).json({ error: 'too many failed authentication attempts', retryAfterSeconds: wait });
        return;
      }
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'missing or invalid API key' });
      return;
    }
    if (!roleAllows(key.role, need)) {
      res.status(403).json({ error: `this route needs the ${need} role` });
      return;
    }
    // an ingest key carries a gateway's whole log volume: only failed attempts are limited for it
    const wait = key.role === 'ingest' ? 0 : limiter.take(key.name);
    if (wait > 0) {
      res.set('Retry-After', String(wait)).status(429).json({ error: 'rate limit exceeded', retryAfterSeconds: wait });
      return;
    }
    res.locals.principal = { role: key.role, name: key.name } satisfies Principal;
    next();
  };
}
