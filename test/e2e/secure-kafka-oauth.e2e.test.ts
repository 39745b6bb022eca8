import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '@tokenwatch/config';
import { createKafka, ensureTopics, unsecuredJwt } from '@tokenwatch/kafka';
import { runCli, type CliResult } from './support/run-cli';
import { startSecureBroker, type SecureBroker } from './support/secure-broker';

/**
 * OAUTHBEARER on the secured local broker (`kafka start --secure` with oauthBearer): Kafka's unsecured
 * validator takes an unsigned JWT whose `sub` (tokenwatch) is the principal the ACLs allow, and refuses
 * it after `exp`. Tokens are valid for an hour or expired an hour ago, so the clock never decides.
 */
const run = randomBytes(4).toString('hex');
const prefix = `oauth-${run}`;
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-secure-kafka-oauth-'));
const tokenFile = join(home, 'token.jwt');
const HOUR = 3_600_000;
let broker: SecureBroker;

const settings = (extra: Record<string, string> = {}) => ({
  KAFKA_BROKERS: broker.clientEnv.KAFKA_BROKERS ?? '',
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SSL_CA_FILE: broker.clientEnv.KAFKA_SSL_CA_FILE ?? '',
  KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
  KAFKA_SASL_USERNAME: '',
  KAFKA_SASL_PASSWORD_FILE: '',
  KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: tokenFile,
  TOKENWATCH_TOPIC_PREFIX: prefix,
  TOKENWATCH_GROUP_PREFIX: prefix,
  TOKENWATCH_PARTITIONS: '1',
  TOKENWATCH_HOME: join(home, 'cli'),
  ...extra,
});
const writeToken = (fromNow: number) => {
  const token = unsecuredJwt('tokenwatch', new Date(Date.now() + fromNow - HOUR), new Date(Date.now() + fromNow));
  writeFileSync(tokenFile, `${token}\n`);
  return token;
};

beforeAll(async () => {
  broker = await startSecureBroker(join(home, 'broker'), { topicPrefixes: [`${prefix}.`], groupPrefixes: [prefix], oauthBearer: true });
  // `produce` does not create topics (`run` and `up` do); the admin client creates it, over OAUTHBEARER too.
  const ca = readFileSync(broker.clientEnv.KAFKA_SSL_CA_FILE ?? '', 'utf8');
  const security = { protocol: 'SASL_SSL' as const, oauthBearer: { token: new Secret(writeToken(HOUR)) }, tls: { ca, verifyHostname: true } };
  const kafka = createKafka({ brokers: [broker.clientEnv.KAFKA_BROKERS ?? ''], clientId: 'oauth-e2e', security });
  await ensureTopics(kafka, [{ topic: `${prefix}.gateway.access.v1`, partitions: 1 }]);
}, 120_000);

afterAll(async () => {
  await broker?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('over SASL_SSL with OAUTHBEARER', () => {
  it('produces with the token from KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, and never shows it', { timeout: 60_000 }, async () => {
    const token = writeToken(HOUR);
    const produced = await runCli(['produce', '-'], settings(), '{"a":1}\n');
    expect(produced.code, output(produced)).toBe(0);
    expect(produced.stderr).toContain(`produced 1 messages to ${prefix}.gateway.access.v1 at ${broker.clientEnv.KAFKA_BROKERS}`);
    expect(produced.stdout + produced.stderr).not.toContain(token);
  });

  it('produces with the token inline in KAFKA_SASL_OAUTHBEARER_TOKEN', { timeout: 60_000 }, async () => {
    const token = writeToken(HOUR);
    const produced = await runCli(['produce', '-'], settings({ KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '', KAFKA_SASL_OAUTHBEARER_TOKEN: token }), '{"a":1}\n');
    expect(produced.code, output(produced)).toBe(0);
    expect(produced.stdout + produced.stderr).not.toContain(token);
  });

  it('stops at once on an expired token with one line saying so, without retrying', { timeout: 60_000 }, async () => {
    const token = writeToken(-HOUR);
    const produced = await runCli(['produce', '-'], settings(), '{"a":1}\n');
    expect(produced.code, output(produced)).toBe(1);
    const errors = produced.stderr.split('\n').filter((text) => text.startsWith('tokenwatch:'));
    expect(errors, output(produced)).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^tokenwatch: SASL OAUTHBEARER authentication failed for principal tokenwatch at localhost:\d+: the token expired at \S+; check the token KAFKA_SASL_OAUTHBEARER_TOKEN_FILE \(.*token\.jwt\) holds/,
    );
    // One authentication attempt: kafkajs logs each failed one.
    expect(produced.stderr.match(/authentication failed/gi) ?? [], output(produced)).toHaveLength(1);
    expect(produced.stderr).not.toMatch(/^\s+at /m);
    expect(produced.stdout + produced.stderr).not.toContain(token);
  });

  it('names the variable when the token file is missing, before connecting', { timeout: 30_000 }, async () => {
    const produced = await runCli(['produce', '-'], settings({ KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: join(home, 'no-such-token') }), '{"a":1}\n');
    expect(produced.code, output(produced)).not.toBe(0);
    expect(produced.stderr).toMatch(/KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: cannot read .*no-such-token \(ENOENT\)/);
  });
});

function output(result: CliResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}
