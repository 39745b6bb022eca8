import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouse, redactUrl, type ClickHouse } from './clickhouse.client';
import { ClickHouseSetupError } from './setup.error';
import { randomDatabaseName } from './testing';

const root = mkdtempSync(join(tmpdir(), 'tokenwatch-client-'));
const opened: ClickHouse[] = [];

afterAll(async () => {
  for (const ch of opened) await ch.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createClickHouse (embedded chDB)', () => {
  it('creates the data folder and the database, and answers ping', async () => {
    const dataPath = join(root, 'nested', 'chdb');
    const database = randomDatabaseName();
    const ch = await createClickHouse({ dataPath, database });
    opened.push(ch);
    expect(ch.mode).toBe('embedded');
    expect(ch.database).toBe(database);
    expect(existsSync(dataPath)).toBe(true);
    await ch.ping();
    const rs = await ch.client.query({
      query: 'SELECT count() AS c FROM system.databases WHERE name = {db:String}',
      query_params: { db: database },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ c: 1 }]);
  });

  it('opens a second database in the same folder, and close is idempotent', async () => {
    const dataPath = join(root, 'nested', 'chdb');
    const ch = await createClickHouse({ dataPath, database: randomDatabaseName() });
    await ch.ping();
    await ch.close();
    await ch.close();
    const first = opened[0] as ClickHouse;
    await first.ping(); // the other client on the folder is unaffected
  });

  it('refuses a second chDB folder in the same process with a clear error', async () => {
    const err = await createClickHouse({ dataPath: join(root, 'other'), database: 'tw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseSetupError);
    expect((err as Error).message).toMatch(/already has another chDB data folder open/);
  });

  it('rejects a database name that is not a plain identifier', async () => {
    for (const bad of ['tw-prod', '1tw', 'tw; DROP DATABASE x', '', 'a'.repeat(65)]) {
      const err = await createClickHouse({ dataPath: join(root, 'nested', 'chdb'), database: bad }).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(ClickHouseSetupError);
      expect((err as ClickHouseSetupError).hint).toMatch(/letters, digits and underscores/);
    }
  });
});

describe('createClickHouse (server)', () => {
  it('says on one line that an unreachable URL cannot be reached', async () => {
    const err = await createClickHouse({ url: 'http://127.0.0.1:1', dataPath: root, database: 'tw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseSetupError);
    const setup = err as ClickHouseSetupError;
    expect(setup.message).toMatch(
      /^cannot reach ClickHouse at http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\. Check CLICKHOUSE_URL or unset it to use the embedded engine$/,
    );
    expect(setup.message).not.toContain('\n');
    expect(setup.retriable).toBe(true);
  });

  it('explains a malformed URL', async () => {
    const err = await createClickHouse({ url: 'not a url', dataPath: root, database: 'tw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseSetupError);
    expect((err as Error).message).toMatch(/^invalid ClickHouse URL/);
  });

  it('never prints a password from the URL', () => {
    expect(redactUrl('http://tw:s3cret@db.example:8123')).toBe('http://tw:***@db.example:8123');
    expect(redactUrl('http://db.example:8123/')).toBe('http://db.example:8123');
  });
});
