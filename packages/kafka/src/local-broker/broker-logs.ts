import { open, stat } from 'node:fs/promises';
import type { BrokerPaths } from './broker-paths';
import { lastLines } from './local-broker-error';

/** Sizes of the two logs before a start, so errors quote only what that start wrote. */
export interface LogMarks {
  console: number;
  server: number;
}

export async function markLogs(paths: BrokerPaths): Promise<LogMarks> {
  return { console: await fileSize(paths.consoleLog), server: await fileSize(paths.serverLog) };
}

/** The last lines of the JVM console log and of the broker log (written after `marks`), for error messages. */
export async function logTails(paths: BrokerPaths, marks?: LogMarks): Promise<string> {
  const parts = [await readTail(paths.consoleLog, 5, marks?.console), await readTail(paths.serverLog, 10, marks?.server)];
  return parts.filter((part) => part !== '').join('\n') || '(the logs are empty)';
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * The last `count` lines of a file, from byte `from` on (from 0 when the file is now shorter, i.e.
 * it was rolled), reading at most its last 64 KB; '' when missing.
 */
export async function readTail(path: string, count: number, from = 0): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(from <= size ? from : 0, size - 64 * 1024);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return lastLines(buffer.toString('utf8'), count);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
