import { expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

it('reads delta-seconds and HTTP dates, and nothing else', () => {
  expect(parseRetryAfter('7', now)).toBe(7_000);
  expect(parseRetryAfter(' 0 ', now)).toBe(0);
  expect(parseRetryAfter(new Date(now + 42_000).toUTCString(), now)).toBe(42_000);
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', now)).toBe(0); // in the past
  expect(parseRetryAfter('-5', now)).toBeUndefined();
  expect(parseRetryAfter('1.5', now)).toBeUndefined();
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});
