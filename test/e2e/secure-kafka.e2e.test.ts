import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureThrowawayCa } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { kongRecord } from './support/kong-records';
import { runCli, type CliResult } from './support/run-cli';
import { startSecureBroker, type SecureBroker } from './support/secure-broker';
import { startTokenwatchUp, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * The pipeline against a SASL_SSL broker (`tokenwatch kafka start --secure`: throwaway CA, SCRAM-SHA-512
 * users, StandardAuthorizer ACLs that allow the tokenwatch user its own topics and groups only), and
 * each way a setting can be wrong: one clear line naming what to fix, exit 1, no retrying forever.
 * The tokenwatch user's password is planted: it must appear in no output and no HTTP response.
 */
const run = randomBytes(4).toString('hex');
const PASSWORD = `planted-pw-${run}`;
const WRONG_PASSWORD = `planted-wrong-${run}`;
const LEAKED_KEY = 'sk_live_secure_9f8e7d6c5b4a';
const VIEWER_KEY = `viewer-key-${run}-0123456789`;
const prefix = `sec-${run}`;
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-secure-kafka-'));
let broker: SecureBroker;
let up: TokenwatchProcess | undefined;
/** Everything tokenwatch printed or answered in this file, checked for the password at the end. */
const seen: string[] = [];

const withoutSasl = { KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD_FILE: '' };
const settings = (extra: Record<string, string> = {}) => ({
  ...broker.clientEnv,
  TOKENWATCH_TOPIC_PREFIX: prefix,
  TOKENWATCH_GROUP_PREFIX: prefix,
  TOKENWATCH_PARTITIONS: '1',
  TOKENWATCH_API_PORT: '0',
  CLICKHOUSE_DATABASE: `secure_${run}`,
  ...extra,
});

beforeAll(async () => {
  broker = await startSecureBroker(join(home, 'broker'), { password: PASSWORD, topicPrefixes: [`${prefix}.`], groupPrefixes: [prefix] });
}, 120_000);

afterAll(async () => {
  up?.child.kill('SIGKILL');
  await broker?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('over SASL_SSL with SCRAM-SHA-512 and ACLs', () => {
  it('runs gateway records through tokenwatch up to an alert in the API', { timeout: 180_000 }, async () => {
    up = await startTokenwatchUp(
      settings({
        TOKENWATCH_HOME: join(home, 'up'),
        // Inline this time (the other commands read the file), so both ways are watched for leaks.
        KAFKA_SASL_PASSWORD_FILE: '',
        KAFKA_SASL_PASSWORD: PASSWORD,
        TOKENWATCH_API_KEYS: `viewer:${VIEWER_KEY}`,
        LOG_LEVEL: 'debug',
      }),
    );
    const records = join(home, 'records.jsonl');
    writeFileSync(records, `${learnedThenBurst().join('\n')}\n`);
    const produced = await runCli(['produce', records], settings({ TOKENWATCH_HOME: join(home, 'cli') }));
    seen.push(produced.stdout, produced.stderr);
    expect(produced.stderr).toContain(`produced 100 messages to ${prefix}.gateway.access.v1 at ${broker.clientEnv.KAFKA_BROKERS}`);
    expect(produced.code).toBe(0);

    const get = async (path: string) => {
      const response = await fetch(`${up!.url}${path}`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
      const body = await response.text();
      seen.push(JSON.stringify([...response.headers]), body);
      return body;
    };
    const alerts = await eventually(
      () => get('/api/alerts'),
      (body) => body.includes('auth_failures'),
      { what: 'an auth_failures alert', timeoutMs: 90_000, intervalMs: 1_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${up!.output().slice(-3000)}`);
    });
    expect(alerts).toContain('5b4a');
    expect(JSON.parse(await get('/healthz'))).toMatchObject({ status: 'ok', kafkaSecurity: 'SASL_SSL (SCRAM-SHA-512, user tokenwatch)' });
    for (const path of ['/readyz', '/metrics', '/api/tokens', '/api/openapi.json', '/']) await get(path);

    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    seen.push(up.output());
    up = undefined;
  });

  it('writes simulated traffic with simulate --kafka', { timeout: 90_000 }, async () => {
    const args = ['simulate', '--kafka', '--tokens', '5', '--days', '1', '--seed', 'secure', '--format', 'kong'];
    const simulated = await runCli(args, settings({ TOKENWATCH_HOME: join(home, 'cli') }));
    seen.push(simulated.stdout, simulated.stderr);
    expect(simulated.code, output(simulated)).toBe(0);
    expect(simulated.stdout + simulated.stderr).toMatch(new RegExp(`events to Kafka topic ${prefix}\\.gateway\\.access\\.v1 at localhost:${broker.port}`));
  });

  it('takes the client certificate instead of a password on the mTLS listener', { timeout: 60_000 }, async () => {
    const produced = await runCli(['produce', '-'], settings({ ...withoutSasl, ...broker.mtlsClientEnv, TOKENWATCH_HOME: join(home, 'cli') }), '{"a":1}\n');
    seen.push(produced.stdout, produced.stderr);
    expect(produced.code, output(produced)).toBe(0);
    expect(produced.stderr).toContain(`produced 1 messages to ${prefix}.gateway.access.v1`);
  });

  it('reaches the broker by another name with KAFKA_SSL_VERIFY_HOSTNAME=false (the CA still checked)', { timeout: 60_000 }, async () => {
    const env = settings({ KAFKA_BROKERS: `127.0.0.1:${broker.port}`, KAFKA_SSL_VERIFY_HOSTNAME: 'false', TOKENWATCH_HOME: join(home, 'cli') });
    const produced = await runCli(['produce', '-'], env, '{"a":1}\n');
    seen.push(produced.stdout, produced.stderr);
    expect(produced.code, output(produced)).toBe(0);
  });

  const refused = (why: string, args: string[], env: () => Record<string, string>, line: RegExp) => ({ why, args, env, line });
  it.each([
    refused(
      'a wrong password',
      ['produce', '-'],
      () => ({ KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: WRONG_PASSWORD }),
      /^tokenwatch: SASL authentication failed for user tokenwatch \(SCRAM-SHA-512\) at localhost:\d+; check KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD/,
    ),
    refused(
      'a CA that did not sign the broker certificate',
      ['produce', '-'],
      () => ({ KAFKA_SSL_CA_FILE: join(home, 'other-ca', 'ca.pem') }),
      /^tokenwatch: the TLS certificate of the Kafka broker at localhost:\d+ is not trusted .*; KAFKA_SSL_CA_FILE \(.*other-ca\/ca\.pem\) does not hold the CA that signed it/,
    ),
    refused(
      'a broker address the certificate does not name',
      ['produce', '-'],
      () => ({ KAFKA_BROKERS: `127.0.0.1:${broker.port}` }),
      /^tokenwatch: the TLS certificate of the Kafka broker at 127\.0\.0\.1:\d+ does not name the host it was reached by .*; use in KAFKA_BROKERS a host name the certificate names/,
    ),
    refused(
      'no client certificate where the broker requires one',
      ['produce', '-'],
      () => ({ ...withoutSasl, ...broker.mtlsClientEnv, KAFKA_SSL_CERT_FILE: '', KAFKA_SSL_KEY_FILE: '' }),
      /^tokenwatch: the Kafka broker at localhost:\d+ refused the TLS connection without a client certificate it trusts .*; set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE/,
    ),
    refused(
      'a topic without an ACL',
      ['produce', '--topic', `forbidden-${run}.raw`, '-'],
      () => ({}),
      new RegExp(`^tokenwatch: Kafka denied user tokenwatch access to a topic \\(it uses forbidden-${run}\\.raw\\); grant it`),
    ),
    refused(
      'a consumer group without an ACL',
      ['run', 'ingest'],
      () => ({ TOKENWATCH_GROUP_PREFIX: `other-${run}` }),
      new RegExp(`^tokenwatch: Kafka denied user tokenwatch access to a consumer group \\(it uses other-${run}-\\*\\); grant it .*TOKENWATCH_GROUP_PREFIX`),
    ),
  ])('stops at once with one line saying what to fix: $why', { timeout: 90_000 }, async ({ args, env, line }) => {
    await ensureThrowawayCa(join(home, 'other-ca'), 'some other CA');
    // Only produce reads stdin: chDB in `run` would take piped input as data for its own queries.
    const result = await runCli(args, settings({ TOKENWATCH_HOME: join(home, `cli-${args[0]}`), ...env() }), args[0] === 'produce' ? '{"a":1}\n' : undefined);
    seen.push(result.stdout, result.stderr);
    expect(result.code, output(result)).toBe(1);
    const errors = result.stderr.split('\n').filter((text) => text.startsWith('tokenwatch:'));
    expect(errors, output(result)).toHaveLength(1);
    expect(errors[0]).toMatch(line);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain(WRONG_PASSWORD);
  });

  it('never showed the password: no output line, log line or HTTP response holds it', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) expect(text).not.toContain(PASSWORD);
  });
});

/** 60 quiet requests over a day (the token's learned baseline), then 40 failures in 40 s: an auth_failures alert. */
function learnedThenBurst(): string[] {
  const now = Date.now();
  const record = (i: number, startedAt: number, status: number) =>
    JSON.stringify(kongRecord({ requestId: `${run}-${i}`, startedAt, status, apikey: LEAKED_KEY }));
  return [
    ...Array.from({ length: 60 }, (_, i) => record(i, now - 26 * 3_600_000 + i * 25 * 60_000, 200)),
    ...Array.from({ length: 40 }, (_, i) => record(100 + i, now - 60_000 + i * 1_000, 401)),
  ];
}

function output(result: CliResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}
