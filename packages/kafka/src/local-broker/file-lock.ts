import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './broker-process';
import { LocalBrokerError } from './local-broker-error';

export interface FileLockOptions {
  timeoutMs: number;
  /** Called once when the lock is found held, before waiting. */
  onWait?: () => void;
}

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, holding the owner's pid).
 * A lock left behind by a dead process is taken over.
 */
export async function withFileLock<T>(path: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  await acquire(path, options);
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function acquire(path: string, options: FileLockOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LocalBrokerError(
        `Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for the lock ${path}`,
        'another tokenwatch process is starting the broker or fetching its jars; wait for it, or delete the lock file if no such process runs',
      );
    }
    if (!announced) {
      announced = true;
      options.onWait?.();
    }
    await sleep(200);
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const owner = Number((await readFile(path, 'utf8')).trim());
    if (Number.isInteger(owner) && owner > 0) return !isProcessAlive(owner);
    // Empty: the owner is between creating and writing the file, or died right there.
    return Date.now() - (await stat(path)).mtimeMs > 10_000;
  } catch {
    return false; // vanished meanwhile: the next attempt will tell
  }
}
