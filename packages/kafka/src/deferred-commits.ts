/**
 * Offset commits that wait for their batch's writes (a handler's DeferredCommit): in batch order per
 * partition, a bounded number outstanding, and a way to wait for all of them before leaving the group.
 */
export class DeferredCommits {
  /** The newest commit of each partition; a rejected one stays rejected, so later ones never run. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly outstanding = new Set<Promise<void>>();
  private running = 0;
  private readonly whenIdle: Array<() => void> = [];

  constructor(private readonly max: number) {}

  /** Runs a handler's whole turn (batch, then its commit or deferral), counted so that `settled` waits for it. */
  async handling<T>(turn: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await turn();
    } finally {
      this.running--;
      if (this.running === 0) for (const wake of this.whenIdle.splice(0)) wake();
    }
  }

  /** `commit` runs once `durable` resolved and the partition's earlier commits ran; a rejected `durable` stops the partition's commits. */
  add(partition: string, durable: Promise<void>, commit: () => Promise<void>): void {
    const chain = (this.chains.get(partition) ?? Promise.resolve()).then(() => durable).then(commit);
    this.chains.set(partition, chain);
    const settled = chain.then(
      () => undefined,
      () => undefined,
    );
    this.outstanding.add(settled);
    void settled.then(() => this.outstanding.delete(settled));
  }

  /** A commit without a deferral, still after the partition's deferred ones (and not at all if one failed). */
  async after(partition: string, commit: () => Promise<void>): Promise<void> {
    await this.chains.get(partition);
    await commit();
  }

  /** Resolves once at most `max` deferred commits are outstanding. */
  async room(): Promise<void> {
    while (this.outstanding.size > this.max) await Promise.race(this.outstanding);
  }

  /** Resolves once no handler runs and every deferred commit settled. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.running > 0) await new Promise<void>((wake) => this.whenIdle.push(wake));
      else if (this.outstanding.size > 0) await Promise.all(this.outstanding);
      else return;
    }
  }
}
