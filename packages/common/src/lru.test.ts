import { describe, expect, it } from 'vitest';
import { LruCache } from './lru';

describe('LruCache', () => {
  it('holds at most maxEntries and refreshes on get', () => {
    const cache = new LruCache<string, number>(4);
    for (let i = 0; i < 10; i++) {
      cache.set(`k${i}`, i);
      expect(cache.get('k0')).toBe(0);
      expect(cache.size).toBeLessThanOrEqual(4);
    }
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.has('k9')).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => new LruCache(1)).toThrow(RangeError);
  });

  it('forgets exactly the least recently used entry, counting get and set as use but not has', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1).set('b', 2).set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('b', 20);
    expect(cache.has('c')).toBe(true);
    cache.set('d', 4);
    expect([...cache.entries()]).toEqual([
      ['a', 1],
      ['b', 20],
      ['d', 4],
    ]);
    cache.set('e', 5);
    expect([...cache.values()]).toEqual([20, 4, 5]);
    expect(cache.size).toBe(3);
  });

  it('deletes, also while iterating', () => {
    const cache = new LruCache<string, number>(4);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      cache.set(k, v);
    expect(cache.delete('b')).toBe(true);
    expect(cache.delete('b')).toBe(false);
    for (const [key] of cache.entries()) cache.delete(key);
    expect(cache.size).toBe(0);
    expect([...cache.entries()]).toEqual([]);
    cache.set('x', 9);
    expect(cache.get('x')).toBe(9);
  });
});
