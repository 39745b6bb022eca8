import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { openRuntime } from './open-runtime';

const home = mkdtempSync(join(tmpdir(), 'tw-runtime-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const config = (env: Record<string, string> = {}) => loadConfig({ TOKENWATCH_HOME: home, CLICKHOUSE_DATABASE: 'runtime_test', LOG_LEVEL: 'silent', ...env });

describe('openRuntime', () => {
  it('opens ClickHouse in the mode asked: migrate applies the schema once, open only connects', async () => {
    const first = await openRuntime(config(), { name: 'test', needs: ['clickhouse'], clickhouse: { mode: 'migrate' } });
    expect((await first.clickhouse()).mode).toBe('embedded');
    expect(first.migrations?.applied.length).toBeGreaterThan(0);
    await first.close();
    const again = await openRuntime(config(), { name: 'test', needs: ['clickhouse'], clickhouse: { mode: 'migrate' } });
    expect(again.migrations).toMatchObject({ applied: [] });
    await again.close();
    const read = await openRuntime(config(), { name: 'test', needs: ['clickhouse'] });
    expect(await read.clickhouse()).toBe(await read.clickhouse());
    expect(read.migrations).toBeUndefined();
    await read.close();
  });

  it('opens nothing it was not asked for, and stops what it opened in the reverse order', async () => {
    const rt = await openRuntime(config(), { name: 'test', needs: [] });
    const stopped: string[] = [];
    for (const name of ['first', 'second', 'third']) rt.stack.push(name, async () => void stopped.push(name));
    rt.stack.push('failing', () => Promise.reject(new Error('boom')));
    await rt.close();
    expect(stopped).toEqual(['third', 'second', 'first']);
    await rt.close();
    expect(stopped).toHaveLength(3);
  });

  it('takes KAFKA_BROKERS, else the local broker address when told to assume it', async () => {
    const configured = await openRuntime(config({ KAFKA_BROKERS: 'a:9092,b:9092' }), { name: 'test', needs: [] });
    expect(await configured.brokers()).toEqual(['a:9092', 'b:9092']);
    const assumed = await openRuntime(config({ TOKENWATCH_KAFKA_PORT: '19092' }), { name: 'test', needs: [], kafka: { assumeLocalBroker: true } });
    expect(await assumed.brokers()).toEqual(['127.0.0.1:19092']);
  });

  it('reports a bad setting of a section it opens as the configuration error', async () => {
    await expect(openRuntime(config({ TOKENWATCH_RETENTION_DAYS: '0' }), { name: 'test', needs: ['clickhouse'] })).rejects.toThrow(
      /^invalid configuration: TOKENWATCH_RETENTION_DAYS: /,
    );
  });
});
