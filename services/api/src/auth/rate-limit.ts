export interface RateLimitOptions {
  /** Bucket size: requests allowed in a burst (default 120). */
  burst?: number;
  /** Refill per second (default 20). */
  perSecond?: number;
  /** Most buckets kept (default 10 000); the least recently used is dropped. */
  maxKeys?: number;
  now?: () => number;
}

export interface RateLimiter {
  /** 0 when allowed, else the seconds to wait. */
  take(key: string): number;
}

/** An in-memory token bucket per key. */
export function createRateLimiter(opts: RateLimitOptions = {}): RateLimiter {
  const burst = opts.burst ?? 120;
  const perSecond = opts.perSecond ?? 20;
  const maxKeys = opts.maxKeys ?? 10_000;
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      buckets.delete(key);
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
      buckets.set(key, b);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}
