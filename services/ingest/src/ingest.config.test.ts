import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIngestConfig } from './ingest.config';

const dir = mkdtempSync(join(tmpdir(), 'tw-ingest-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const SASL = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'tokenwatch',
  KAFKA_SASL_PASSWORD: 'kafka-pw-5521',
};

describe('ingest configuration: connection security', () => {
  it('keeps the passwords out of the parsed configuration, which may be logged whole', () => {
    const config = loadIngestConfig({
      ...SASL,
      KAFKA_BROKERS: 'kafka-1:9096',
      CLICKHOUSE_URL: 'https://clickhouse:8443',
      CLICKHOUSE_PASSWORD_FILE: file('ch-password', 'ch-pw-7310\n'),
      CLICKHOUSE_CA_FILE: file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
    });
    expect(config.kafkaSecurity.sasl?.password.reveal()).toBe('kafka-pw-5521');
    expect(config.clickhousePassword?.reveal()).toBe('ch-pw-7310');
    expect(config.clickhouseCa).toContain('BEGIN CERTIFICATE');
    for (const text of [JSON.stringify(config), inspect(config, { depth: 9 })]) expect(text).not.toMatch(/kafka-pw-5521|ch-pw-7310/);
  });

  it('refuses a secured protocol without KAFKA_BROKERS: the local broker speaks PLAINTEXT', () => {
    expect(() => loadIngestConfig(SASL)).toThrow(/KAFKA_SECURITY_PROTOCOL: SASL_SSL needs KAFKA_BROKERS/);
  });

  it('refuses CLICKHOUSE_CA_FILE without an https CLICKHOUSE_URL', () => {
    const ca = file('ca2.pem', 'x');
    expect(() => loadIngestConfig({ CLICKHOUSE_URL: 'http://clickhouse:8123', CLICKHOUSE_CA_FILE: ca })).toThrow(
      /CLICKHOUSE_CA_FILE: is only used with an https:\/\/ CLICKHOUSE_URL/,
    );
  });
});

describe('ingest configuration: analytics writer', () => {
  it('writes inline by default; separate leaves events and alerts to the store role', () => {
    expect(loadIngestConfig({}).TOKENWATCH_ANALYTICS_WRITER).toBe('inline');
    expect(loadIngestConfig({ TOKENWATCH_ANALYTICS_WRITER: 'separate' }).TOKENWATCH_ANALYTICS_WRITER).toBe('separate');
  });

  it('refuses an unknown writer with one line', () => {
    expect(() => loadIngestConfig({ TOKENWATCH_ANALYTICS_WRITER: 'remote' })).toThrow(/TOKENWATCH_ANALYTICS_WRITER/);
  });
});
