import { LruCache } from '@tokenwatch/common';
import type { TokenLookup, TokenProfile } from '../notifier.types';
import type { RoutingFile } from './routing-file.schema';

export type ProfileResolver = (fp: string) => Promise<TokenProfile>;

/**
 * What is known about a token: the routing file's `tokens` entry wins over the injected lookup
 * (e.g. the token's latest access event); consumer labels come from the routing file's `consumers`.
 * Lookups are cached (bounded) for `ttlMs`; a failing lookup counts as "unknown", never as an error.
 */
export function createProfileResolver(
  routing: RoutingFile,
  lookup: TokenLookup | undefined,
  now: () => number,
  opts: { ttlMs?: number; maxEntries?: number; onLookupError?: (error: unknown) => void } = {},
): ProfileResolver {
  const cache = new LruCache<string, { at: number; value: Partial<TokenProfile> | undefined }>(opts.maxEntries ?? 10_000);
  const ttlMs = opts.ttlMs ?? 300_000;

  const lookedUp = async (fp: string): Promise<Partial<TokenProfile> | undefined> => {
    if (!lookup) return undefined;
    const hit = cache.get(fp);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    let value: Partial<TokenProfile> | undefined;
    try {
      value = await lookup(fp);
    } catch (error) {
      opts.onLookupError?.(error);
      return hit?.value;
    }
    cache.set(fp, { at: now(), value });
    return value;
  };

  return async (fp) => {
    const entry = routing.tokens[fp];
    const found = await lookedUp(fp);
    const consumer = entry?.consumer ?? found?.consumer ?? null;
    const consumerLabels = consumer === null ? {} : (routing.consumers[consumer]?.labels ?? {});
    return {
      consumer,
      labels: { ...consumerLabels, ...(found?.labels ?? {}), ...(entry?.labels ?? {}) },
      kind: entry?.kind ?? found?.kind ?? null,
      credentialId: entry?.credentialId ?? found?.credentialId ?? null,
    };
  };
}
