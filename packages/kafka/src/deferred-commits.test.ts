import { describe, expect, it } from 'vitest';
import { DeferredCommits } from './deferred-commits';

/** A promise resolved or rejected from outside. */
function gate(): { promise: Promise<void>; open: () => void; fail: () => void } {
  let open!: () => void;
  let fail!: () => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = () => reject(new Error('not written'));
  });
  return { promise, open, fail };
}

/** Batches 1 and 2 of partition p0 and batch 1 of p1 deferred, each committed into `done`. */
function twoOnP0OneOnP1() {
  const commits = new DeferredCommits(10);
  const done: string[] = [];
  const [a, b, c] = [gate(), gate(), gate()];
  commits.add('p0', a.promise, async () => void done.push('p0:1'));
  commits.add('p0', b.promise, async () => void done.push('p0:2'));
  commits.add('p1', c.promise, async () => void done.push('p1:1'));
  return { commits, done, a, b, c };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('DeferredCommits', () => {
  it('commits a partition in batch order, whatever order its batches become durable in', async () => {
    const { commits, done, a, b, c } = twoOnP0OneOnP1();
    b.open();
    c.open();
    await turn();
    expect(done).toEqual(['p1:1']);
    a.open();
    await commits.settled();
    expect(done).toEqual(['p1:1', 'p0:1', 'p0:2']);
  });

  it('commits nothing more of a partition after a batch that was not written, and the others go on', async () => {
    const { commits, done, a, b, c } = twoOnP0OneOnP1();
    a.fail();
    b.open();
    c.open();
    await commits.settled();
    expect(done).toEqual(['p1:1']);
    await expect(commits.after('p0', async () => void done.push('p0:3'))).rejects.toThrow('not written');
    await commits.after('p1', async () => void done.push('p1:2'));
    expect(done).toEqual(['p1:1', 'p1:2']);
  });

  it('holds the next handler while more than `max` commits are outstanding', async () => {
    const commits = new DeferredCommits(1);
    const [a, b] = [gate(), gate()];
    commits.add('p0', a.promise, async () => undefined);
    await commits.room();
    commits.add('p1', b.promise, async () => undefined);
    let roomy = false;
    const waiting = commits.room().then(() => (roomy = true));
    await turn();
    expect(roomy).toBe(false);
    a.open();
    await waiting;
    expect(roomy).toBe(true);
    b.open();
    await commits.settled();
  });

  it('settles only after the running handlers and every commit they deferred', async () => {
    const commits = new DeferredCommits(10);
    const batch = gate();
    const durable = gate();
    let committed = false;
    const handler = commits.handling(async () => {
      await batch.promise;
      commits.add('p0', durable.promise, async () => void (committed = true));
    });
    let settled = false;
    const all = commits.settled().then(() => (settled = true));
    batch.open();
    await handler;
    await turn();
    expect(settled).toBe(false);
    durable.open();
    await all;
    expect(committed).toBe(true);
  });
});
