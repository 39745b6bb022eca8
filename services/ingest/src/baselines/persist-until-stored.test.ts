import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@tokenwatch/observability';
import { retryUntilDone } from './persist-until-stored';

const logger = () => {
  const warnings: Array<{ attempt: unknown; message: string }> = [];
  const log = { warn: (fields: { attempt: unknown }, message: string) => warnings.push({ attempt: fields.attempt, message }) } as unknown as Logger;
  return { log, warnings };
};

describe('retryUntilDone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tries again after each failure, with a warning, until the task succeeds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no pause: the jitter draws 0
    const { log, warnings } = logger();
    let calls = 0;
    const giveUp = vi.fn(() => false);
    await retryUntilDone(
      async () => {
        if (++calls < 4) throw new Error(`down ${calls}`);
      },
      log,
      'saving 2 token baselines (idle)',
      giveUp,
    );
    expect(calls).toBe(4);
    expect(giveUp).toHaveBeenCalledTimes(3);
    expect(warnings).toEqual([1, 2, 3].map((attempt) => ({ attempt, message: 'saving 2 token baselines (idle) failed; retrying' })));
  });

  it('rethrows the failure, without a warning, once giveUp says so', async () => {
    const { log, warnings } = logger();
    let calls = 0;
    const failure = new Error('down');
    await expect(
      retryUntilDone(
        async () => {
          calls++;
          throw failure;
        },
        log,
        'publishing resolved alerts',
        () => true,
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
    expect(warnings).toEqual([]);
  });
});
