import { describe, expect, it } from 'vitest';
import { ApiKeysError, findApiKey, parseApiKeys, roleAllows } from './api-keys';
import { createRateLimiter } from './rate-limit';

describe('parseApiKeys', () => {
  it('parses role:key pairs and names keys by role without keeping them', () => {
    const keys = parseApiKeys({ TOKENWATCH_API_KEYS: ' viewer:aaaaaaaaaaaaaaaa , viewer:bbbbbbbbbbbbbbbb,admin:cccccccccccccccc:with-colon' });
    expect(keys.map((k) => [k.role, k.name])).toEqual([
      ['viewer', 'viewer#1'],
      ['viewer', 'viewer#2'],
      ['admin', 'admin#1'],
    ]);
    expect(JSON.stringify(keys)).not.toContain('aaaaaaaaaaaaaaaa');
    expect(findApiKey(keys, 'bbbbbbbbbbbbbbbb')?.name).toBe('viewer#2');
    expect(findApiKey(keys, 'cccccccccccccccc:with-colon')?.role).toBe('admin');
    expect(findApiKey(keys, 'bbbbbbbbbbbbbbb')).toBeUndefined();
  });

  it('is empty when unset and fails fast on bad entries', () => {
    expect(parseApiKeys({})).toEqual([]);
    expect(parseApiKeys({ TOKENWATCH_API_KEYS: '  ' })).toEqual([]);
    expect(() => parseApiKeys({ TOKENWATCH_API_KEYS: 'root:aaaaaaaaaaaaaaaa' })).toThrow(ApiKeysError);
    expect(() => parseApiKeys({ TOKENWATCH_API_KEYS: 'aaaaaaaaaaaaaaaa' })).toThrow(ApiKeysError);
    expect(() => parseApiKeys({ TOKENWATCH_API_KEYS: 'viewer:short' })).toThrow(/at least 16/);
  });
});

describe('roleAllows', () => {
  it('orders viewer < responder < admin and keeps ingest apart', () => {
    expect(roleAllows('admin', 'responder')).toBe(true);
    expect(roleAllows('responder', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'responder')).toBe(false);
    expect(roleAllows('admin', 'ingest')).toBe(false);
    expect(roleAllows('ingest', 'viewer')).toBe(false);
    expect(roleAllows('ingest', 'ingest')).toBe(true);
  });
});

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 2, perSecond: 1, now: () => t });
    expect(limiter.take('k')).toBe(0);
    expect(limiter.take('k')).toBe(0);
    expect(limiter.take('k')).toBe(1);
    expect(limiter.take('other')).toBe(0);
    t = 1_000;
    expect(limiter.take('k')).toBe(0);
  });
});
