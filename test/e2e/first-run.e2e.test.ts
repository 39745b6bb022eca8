import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { eventually } from './support/eventually';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/** A new user's first start: no TOKENWATCH_API_KEYS, yet the printed sign-in key opens the API. */
const run = randomBytes(4).toString('hex');
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-firstrun-'));
const env = {
  KAFKA_BROKERS: inject('kafkaBrokers'),
  TOKENWATCH_HOME: home,
  TOKENWATCH_TOPIC_PREFIX: `firstrun-${run}`,
  TOKENWATCH_GROUP_PREFIX: `firstrun-${run}`,
  TOKENWATCH_PARTITIONS: '1',
  TOKENWATCH_API_PORT: '0',
  TOKENWATCH_API_KEYS: '',
  CLICKHOUSE_DATABASE: `firstrun_${run}`,
  LOG_LEVEL: 'warn',
};
let up: TokenwatchProcess | undefined;
afterAll(() => {
  up?.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

const signInKey = (output: string) => /sign in at \S+ with the admin key (\S+) \((generated and stored in|from) /.exec(output);

async function stop(p: TokenwatchProcess): Promise<void> {
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(0);
}

it('prints a generated admin key that opens the API, and reuses it on the next start', { timeout: 240_000 }, async () => {
  up = await startTokenwatchUp(env);
  const first = await eventually(
    async () => signInKey(up!.output()),
    (m) => m !== null,
    { timeoutMs: 10_000, intervalMs: 100, what: 'the sign-in line' },
  );
  const key = first![1]!;
  expect(first![2]).toBe('generated and stored in');
  const get = (k: string) => fetch(`${up!.url}/api/alerts`, { headers: { authorization: `Bearer ${k}` } });
  expect((await get(key)).status).toBe(200);
  expect((await get(`${key}x`)).status).toBe(401);
  await stop(up);

  up = await startTokenwatchUp(env);
  const second = await eventually(
    async () => signInKey(up!.output()),
    (m) => m !== null,
    { timeoutMs: 10_000, intervalMs: 100, what: 'the sign-in line' },
  );
  expect(second![1]).toBe(key);
  expect(second![2]).toBe('from');
  await stop(up);
  up = undefined;
});
