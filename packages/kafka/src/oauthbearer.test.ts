import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret, type KafkaSecurity } from '@tokenwatch/config';
import { explainKafkaError } from './kafka-access.error';
import { describeKafkaSecurity, kafkajsSecurityOptions } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'tw-oauthbearer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tokenFile = join(dir, 'token');
/** An unsigned JWT; exp is fixed (2001-09-09), so it is always in the past. */
const jwt = (sub: string, exp: number) => `${b64({ alg: 'none' })}.${b64({ sub, exp, iat: exp - 3600 })}.`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const EXPIRED = jwt('tokenwatch', 1_000_000_000);

const fromFile: KafkaSecurity = { protocol: 'SASL_SSL', oauthBearer: { token: new Secret('start'), tokenFile }, tls: { verifyHostname: true } };
const provider = (security: KafkaSecurity) => {
  const sasl = kafkajsSecurityOptions(security).sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
  expect(sasl.mechanism).toBe('oauthbearer');
  return sasl.oauthBearerProvider;
};

describe('OAUTHBEARER in kafkajs', () => {
  it('reads the token file again on every authentication', async () => {
    const next = provider(fromFile);
    writeFileSync(tokenFile, 'first.token.\n');
    expect(await next()).toEqual({ value: 'first.token.' });
    writeFileSync(tokenFile, 'second.token.\n');
    expect(await next()).toEqual({ value: 'second.token.' });
  });

  it('gives an inline token as it is, and says which way in the description, never the token', async () => {
    const inline: KafkaSecurity = { protocol: 'SASL_SSL', oauthBearer: { token: new Secret('inline.token.') } };
    expect(await provider(inline)()).toEqual({ value: 'inline.token.' });
    expect(describeKafkaSecurity(inline)).toBe('SASL_SSL (OAUTHBEARER, token)');
    expect(describeKafkaSecurity(fromFile)).toBe('SASL_SSL (OAUTHBEARER, token file)');
  });

  it('turns a token file that went away into one clear access error', async () => {
    const gone: KafkaSecurity = { ...fromFile, oauthBearer: { token: new Secret('start'), tokenFile: join(dir, 'gone') } };
    const error = await provider(gone)().catch((e: unknown) => e);
    const wrapped = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', originalError: error });
    expect(explainKafkaError(wrapped, { brokers: ['b1:9094'], security: gone })?.message).toMatch(/^cannot read the OAUTHBEARER token file .*gone \(ENOENT\)$/);
  });

  it('explains a refused token: its principal, and its expiry when it has expired', () => {
    writeFileSync(tokenFile, `${EXPIRED}\n`);
    const refused = { name: 'KafkaJSSASLAuthenticationError', message: 'SASL OAUTHBEARER authentication failed: ...' };
    const explained = explainKafkaError(refused, { brokers: ['b1:9094'], security: fromFile });
    expect(explained?.message).toBe('SASL OAUTHBEARER authentication failed for principal tokenwatch at b1:9094: the token expired at 2001-09-09T01:46:40.000Z');
    expect(explained?.hint).toMatch(/^check the token KAFKA_SASL_OAUTHBEARER_TOKEN_FILE \(.*token\) holds/);
    expect(explainKafkaError({ type: 'TOPIC_AUTHORIZATION_FAILED', message: 'x' }, { brokers: ['b1:9094'], security: fromFile })?.message).toBe('Kafka denied user tokenwatch access to a topic');
  });
});
