import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthenticationProviderArgs, Logger, Mechanism } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret, type KafkaSecurity } from '@tokenwatch/config';
import { explainKafkaError } from './kafka-access.error';
import { describeKafkaSecurity, kafkajsSecurityOptions } from './kafka-security';
import { unsecuredJwt } from './local-broker/unsecured-jwt';

const dir = mkdtempSync(join(tmpdir(), 'tw-oauthbearer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tokenFile = join(dir, 'token');
/** Expired at a fixed time (2001-09-09), so always in the past. */
const EXPIRED = unsecuredJwt('tokenwatch', new Date(999_996_400_000), new Date(1_000_000_000_000));

const fromFile: KafkaSecurity = { protocol: 'SASL_SSL', oauthBearer: { token: new Secret('start'), tokenFile }, tls: { verifyHostname: true } };
interface FakeRequest {
  encode: () => Promise<Buffer>;
}
interface FakeResponse {
  decode: (raw: Buffer) => Promise<Buffer>;
  parse: (raw: Buffer) => Promise<unknown>;
}
/** Authenticates once against a fake broker that answers `answer` (empty: accepted); gives the token sent. */
const authenticate = async (security: KafkaSecurity, answer = '') => {
  const sasl = kafkajsSecurityOptions(security).sasl as Mechanism;
  expect(sasl.mechanism).toBe('OAUTHBEARER');
  let sent = '';
  const saslAuthenticate = async ({ request, response }: { request: FakeRequest; response?: FakeResponse }) => {
    sent = (await request.encode()).subarray(4).toString();
    const raw = Buffer.concat([Buffer.from([0, 0, 0, answer.length]), Buffer.from(answer)]);
    return response?.parse(await response.decode(raw));
  };
  const args = { host: 'b1', port: 9094, logger: {} as Logger, saslAuthenticate } as unknown as AuthenticationProviderArgs;
  await sasl.authenticationProvider(args).authenticate();
  return sent
    .split('\u0001')
    .find((part) => part.startsWith('auth=Bearer '))
    ?.slice('auth=Bearer '.length);
};

describe('OAUTHBEARER in kafkajs', () => {
  it('reads the token file again on every authentication', async () => {
    writeFileSync(tokenFile, 'first.token.\n');
    expect(await authenticate(fromFile)).toBe('first.token.');
    writeFileSync(tokenFile, 'second.token.\n');
    expect(await authenticate(fromFile)).toBe('second.token.');
  });

  it('fails (not retried) when the broker answers with an error instead of accepting the token', async () => {
    writeFileSync(tokenFile, 'first.token.\n');
    const error = await authenticate(fromFile, '{"status":"invalid_token"}').catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
      retriable: false,
      message: 'SASL OAUTHBEARER authentication failed at b1:9094: the broker refused the token (invalid_token)',
    });
  });

  it('gives an inline token as it is, and says which way in the description, never the token', async () => {
    const inline: KafkaSecurity = { protocol: 'SASL_SSL', oauthBearer: { token: new Secret('inline.token.') } };
    expect(await authenticate(inline)).toBe('inline.token.');
    expect(describeKafkaSecurity(inline)).toBe('SASL_SSL (OAUTHBEARER, token)');
    expect(describeKafkaSecurity(fromFile)).toBe('SASL_SSL (OAUTHBEARER, token file)');
  });

  it('turns a token file that went away into one clear access error', async () => {
    const gone: KafkaSecurity = { ...fromFile, oauthBearer: { token: new Secret('start'), tokenFile: join(dir, 'gone') } };
    const error = await authenticate(gone).catch((e: unknown) => e);
    const wrapped = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', originalError: error });
    expect(explainKafkaError(wrapped, { brokers: ['b1:9094'], security: gone })?.message).toMatch(/^cannot read the OAUTHBEARER token file .*gone \(ENOENT\)$/);
  });

  it('explains a refused token: its principal, and its expiry when it has expired', () => {
    writeFileSync(tokenFile, `${EXPIRED}\n`);
    const refused = { name: 'KafkaJSSASLAuthenticationError', message: 'SASL OAUTHBEARER authentication failed: ...' };
    const explained = explainKafkaError(refused, { brokers: ['b1:9094'], security: fromFile });
    expect(explained?.message).toBe(
      'SASL OAUTHBEARER authentication failed for principal tokenwatch at b1:9094: the token expired at 2001-09-09T01:46:40.000Z',
    );
    expect(explained?.hint).toMatch(/^check the token KAFKA_SASL_OAUTHBEARER_TOKEN_FILE \(.*token\) holds/);
    expect(explainKafkaError({ type: 'TOPIC_AUTHORIZATION_FAILED', message: 'x' }, { brokers: ['b1:9094'], security: fromFile })?.message).toBe(
      'Kafka denied user tokenwatch access to a topic',
    );
  });
});
