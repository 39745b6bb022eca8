import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tokenwatch/config';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives the sections with the defaults of today', () => {
    const config = loadConfig({});
    expect(config.home).toBe(resolve('.tokenwatch'));
    expect(config.kafka).toEqual({ security: { protocol: 'PLAINTEXT' }, localPort: 9092, partitions: 6 });
    expect(config.topics).toMatchObject({ groupPrefix: 'tokenwatch', names: { rawAccess: 'gateway.access.v1' } });
    expect(config.clickhouse).toEqual({ dataPath: resolve('.tokenwatch', 'clickhouse'), database: 'tokenwatch', retentionDays: 30 });
    expect(config.api).toEqual({ TOKENWATCH_API_HOST: '127.0.0.1', TOKENWATCH_API_PORT: 8080 });
    expect(config.apiKeys).toEqual({ keys: [], configured: false });
    expect(config.notifier.silencesFile).toBe(join('.tokenwatch', 'silences.json'));
    expect(config.log.level).toBe('info');
    expect(config.deployment).toEqual({ production: false });
  });

  it('reads the settings into their sections, the credentials kept out of the ingest view', () => {
    const config = loadConfig({
      TOKENWATCH_HOME: '/var/tw',
      KAFKA_BROKERS: 'a:9092, b:9092',
      TOKENWATCH_TOPIC_PREFIX: 'prod',
      CLICKHOUSE_URL: 'http://ch:8123',
      CLICKHOUSE_PASSWORD: 'pw-planted-4411',
      TOKENWATCH_DETECTOR_CONFIG: '/etc/detector.json',
      TOKENWATCH_API_KEYS: `admin:${'k'.repeat(20)}`,
      USER: 'sam',
    });
    expect(config.home).toBe('/var/tw');
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(config.topics.names.rawAccess).toBe('prod.gateway.access.v1');
    expect(config.clickhouse).toMatchObject({ url: 'http://ch:8123', dataPath: '/var/tw/clickhouse' });
    expect(config.clickhouse.password?.reveal()).toBe('pw-planted-4411');
    expect(JSON.stringify(config.ingest)).not.toContain('pw-planted-4411');
    expect(config.detector.configFile).toBe('/etc/detector.json');
    expect(config.apiKeys).toMatchObject({ configured: true, keys: [{ role: 'admin' }] });
    expect(config.operator.user).toBe('sam');
  });

  it('validates a section when a command first takes it, naming the variable', () => {
    const config = loadConfig({ TOKENWATCH_NOTIFY_TIMEOUT_MS: '-1', TOKENWATCH_PARTITIONS: 'x' });
    expect(config.home).toBe(resolve('.tokenwatch'));
    expect(() => config.notifier).toThrow(ConfigError);
    expect(() => config.notifier).toThrow(/^invalid configuration: TOKENWATCH_NOTIFY_TIMEOUT_MS: /);
    expect(() => config.kafka).toThrow(/^invalid configuration: TOKENWATCH_PARTITIONS: /);
    expect(() => config.clickhouse).toThrow(/TOKENWATCH_PARTITIONS/);
    expect(loadConfig({ TOKENWATCH_PARTITIONS: 'x' }).api.TOKENWATCH_API_PORT).toBe(8080);
  });
});
