import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kafkaSecurityFields, kafkaSecurityFrom } from './kafka-security.env';
import { parseEnv } from './parse-env';
import { secretFileWriter } from './testing';

const file = secretFileWriter('tw-kafka-oauthbearer-');

const Schema = z.object(kafkaSecurityFields).transform((env, ctx) => kafkaSecurityFrom(env, ctx));
const load = (env: Record<string, string>) => parseEnv(Schema, env);
const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0b2tlbndhdGNoIiwicGxhbnRlZCI6InRvay03NzEyIn0.';
const OAUTH = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'oauthbearer' };

describe('KAFKA_SASL_MECHANISM=OAUTHBEARER', () => {
  it('takes the token inline, kept out of every rendering', () => {
    const security = load({ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN: TOKEN });
    expect(security.sasl).toBeUndefined();
    expect(security.oauthBearer?.token.reveal()).toBe(TOKEN);
    expect(security.oauthBearer?.tokenFile).toBeUndefined();
    for (const text of [JSON.stringify(security), inspect(security, { depth: 9 })]) expect(text).not.toContain('eyJzdWIi');
  });

  it('takes the token from a file, remembering the file so that clients read it again', () => {
    const tokenFile = file('token', `${TOKEN}\n`);
    const security = load({ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: tokenFile });
    expect(security.oauthBearer?.token.reveal()).toBe(TOKEN);
    expect(security.oauthBearer?.tokenFile).toBe(tokenFile);
  });

  it.each([
    [{ ...OAUTH }, /KAFKA_SASL_OAUTHBEARER_TOKEN: required with KAFKA_SASL_MECHANISM=OAUTHBEARER .*\(or KAFKA_SASL_OAUTHBEARER_TOKEN_FILE\)/],
    [{ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '/nonexistent/token' }, /KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: cannot read \/nonexistent\/token \(ENOENT\)/],
    [{ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN: 'not a jwt' }, /KAFKA_SASL_OAUTHBEARER_TOKEN: is not a bearer token on one line/],
    [{ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN: TOKEN, KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_USERNAME: is set, but KAFKA_SASL_MECHANISM is OAUTHBEARER/],
    [
      { ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN: TOKEN, KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '/x' },
      /KAFKA_SASL_OAUTHBEARER_TOKEN: set KAFKA_SASL_OAUTHBEARER_TOKEN or KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, not both/,
    ],
    [
      {
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_OAUTHBEARER_TOKEN: TOKEN,
      },
      /KAFKA_SASL_OAUTHBEARER_TOKEN: is set, but KAFKA_SASL_MECHANISM is PLAIN/,
    ],
    [{ KAFKA_SASL_OAUTHBEARER_TOKEN: TOKEN }, /KAFKA_SASL_OAUTHBEARER_TOKEN: is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('rejects a token file that holds no bearer token without printing what it holds', () => {
    const path = file('not-a-jwt', 'secret-looking words\n');
    expect(() => load({ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: path })).toThrow(
      /KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: .*not-a-jwt does not hold a bearer token/,
    );
    expect(() => load({ ...OAUTH, KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: path })).not.toThrow(/secret-looking/);
  });
});
