import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouse } from './clickhouse.client';
import { ClickHouseSetupError } from './setup.error';

// Runs in its own process (one per test file): this process opens no chDB folder before the test.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dataPath = mkdtempSync(join(tmpdir(), 'tokenwatch-locked-'));
let holder: ChildProcess | undefined;

const HOLDER = `
import { createChdbConnection } from 'chdb/connection';
const conn = createChdbConnection({ path: process.argv[1] });
await conn.command({ query: 'SELECT 1' });
process.stdout.write('ready\\n');
process.stdin.resume();
process.stdin.on('end', async () => { await conn.close(); process.exit(0); });
`;

afterAll(() => {
  if (holder?.exitCode === null) holder.kill();
  rmSync(dataPath, { recursive: true, force: true });
});

describe('createClickHouse on a chDB folder held by another process', () => {
  it('names the folder and the owner, and works once the owner has gone', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, dataPath], {
      cwd: packageDir,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    holder = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('ready');

    const err = await createClickHouse({ dataPath, database: 'tw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseSetupError);
    const message = (err as Error).message;
    expect(message).toContain(dataPath);
    expect(message).toContain(`is used by another tokenwatch process (pid ${child.pid})`);
    expect((err as ClickHouseSetupError).hint).toBe('stop the other process or set TOKENWATCH_HOME/CLICKHOUSE_PATH to another folder');

    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.end();
    await exited;
    const ch = await createClickHouse({ dataPath, database: 'tw' });
    await ch.ping();
    await ch.close();
  }, 90_000);
});
