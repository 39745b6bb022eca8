import { describe, expect, it } from 'vitest';
import { serial } from './serial';

describe('serial', () => {
  it('runs tasks one at a time in call order; a failure does not block the next', async () => {
    const exclusive = serial();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const first = exclusive(async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('first end');
      throw new Error('first failed');
    });
    const second = exclusive(async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    release();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });
});
