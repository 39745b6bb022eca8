import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureTopics } from '@tokenwatch/kafka';
import { readTopic, testKafka } from './support/kafka-io';
import { runCli } from './support/run-cli';

const home = mkdtempSync(join(tmpdir(), 'tokenwatch-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('tokenwatch CLI', () => {
  it('exits 2 with usage on an unknown command or a bad setting', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badEnv = await runCli(['migrate'], { TOKENWATCH_PARTITIONS: 'many' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/TOKENWATCH_PARTITIONS/);
  });

  it('migrates an embedded ClickHouse once, then reports nothing to do', async () => {
    const env = { TOKENWATCH_HOME: home, CLICKHOUSE_DATABASE: 'cli_test' };
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/migrations: [1-9]\d* applied, 0 already applied/);
    const second = await runCli(['migrate'], env);
    expect(second.stdout).toMatch(/migrations: 0 applied, [1-9]\d* already applied/);
  });

  it('gives one clear line when CLICKHOUSE_URL cannot be reached', async () => {
    const result = await runCli(['migrate'], { TOKENWATCH_HOME: home, CLICKHOUSE_URL: 'http://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot reach ClickHouse at http://127.0.0.1:1');
  });

  it('produces each line of stdin to a topic', async () => {
    const brokers = inject('kafkaBrokers');
    const kafka = testKafka(brokers);
    const topic = `cli-${randomBytes(4).toString('hex')}.gateway.access.v1`;
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const result = await runCli(['produce', '--topic', topic], { KAFKA_BROKERS: brokers }, '{"a":1}\n\n{"b":2}\n');
    expect(result.code).toBe(0);
    expect((await readTopic(kafka, topic, 2)).map((m) => m.value)).toEqual(['{"a":1}', '{"b":2}']);
  });
});
