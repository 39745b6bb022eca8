import { describe, expect, it } from 'vitest';
import { orderedWrites } from './ordered-writes';

/** A write that finishes when the test says so. */
function pending(log: string[], name: string) {
  let finish!: (ok: boolean) => void;
  const write = () =>
    new Promise<void>((resolve, reject) => {
      log.push(`${name} started`);
      finish = (ok) => {
        log.push(`${name} ${ok ? 'done' : 'failed'}`);
        if (ok) resolve();
        else reject(new Error(`${name} failed`));
      };
    });
  return { write, finish: (ok = true) => finish(ok) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('orderedWrites', () => {
  it('starts effects at once, writes state records in queue order, each after its own effects', async () => {
    const log: string[] = [];
    const writes = orderedWrites();
    const [e1, s1, e2, s2] = [pending(log, 'e1'), pending(log, 's1'), pending(log, 'e2'), pending(log, 's2')];
    const first = writes.queue(e1.write, s1.write);
    const second = writes.queue(e2.write, s2.write);
    await tick();
    expect(log).toEqual(['e1 started', 'e2 started']);
    e2.finish();
    await tick();
    expect(log).toEqual(['e1 started', 'e2 started', 'e2 done']); // s2 waits for s1
    e1.finish();
    await tick();
    expect(log.at(-1)).toBe('s1 started');
    s1.finish();
    await first;
    await tick();
    expect(log.at(-1)).toBe('s2 started');
    s2.finish();
    await second;
  });

  it('after a write is given up, no later state record is written', async () => {
    const log: string[] = [];
    const writes = orderedWrites();
    const [e1, s1, e2, s2, e3, s3] = ['e1', 's1', 'e2', 's2', 'e3', 's3'].map((name) => pending(log, name));
    const first = writes.queue(e1!.write, s1!.write);
    const second = writes.queue(e2!.write, s2!.write);
    await tick();
    e1!.finish(false);
    e2!.finish();
    await expect(first).rejects.toThrow('e1 failed');
    await expect(second).rejects.toThrow('an earlier batch was not written');
    await expect(writes.queue(e3!.write, s3!.write)).rejects.toThrow('an earlier batch was not written');
    expect(log.filter((line) => line.startsWith('s') || line.startsWith('e3'))).toEqual([]);
  });
});
