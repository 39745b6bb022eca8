import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kafkaSecurityFields, kafkaSecurityFrom } from './kafka-security.env';
import { parseEnv } from './parse-env';
import { secretFileWriter } from './testing';

const file = secretFileWriter('tw-kafka-security-');
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

const Schema = z.object(kafkaSecurityFields).transform((env, ctx) => kafkaSecurityFrom(env, ctx));
const load = (env: Record<string, string>) => parseEnv(Schema, env);

describe('Kafka security settings', () => {
  it('is PLAINTEXT without settings, and blank values count as unset', () => {
    expect(load({})).toEqual({ protocol: 'PLAINTEXT' });
    const blanks = {
      KAFKA_SECURITY_PROTOCOL: '',
      KAFKA_SASL_MECHANISM: ' ',
      KAFKA_SASL_USERNAME: '',
      KAFKA_SASL_PASSWORD_FILE: '',
      KAFKA_SSL_CA_FILE: '',
      KAFKA_SSL_VERIFY_HOSTNAME: '',
    };
    expect(load(blanks)).toEqual({ protocol: 'PLAINTEXT' });
  });

  it('reads SASL_SSL with the password and CA from files, keeping the password out of every rendering', () => {
    const password = 'pw-Planted-7781';
    const security = load({
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'tokenwatch',
      KAFKA_SASL_PASSWORD_FILE: file('password', `${password}\n`),
      KAFKA_SSL_CA_FILE: file('ca.pem', PEM_CERT),
    });
    expect(security.protocol).toBe('SASL_SSL');
    expect(security.sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(security.sasl?.password.reveal()).toBe(password);
    expect(security.tls).toMatchObject({ ca: PEM_CERT, verifyHostname: true });
    // The template literal interpolates the Secret on purpose: that must not reveal it either.
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions
    for (const text of [JSON.stringify(security), inspect(security, { depth: 9 }), String(security.sasl?.password), `${security.sasl?.password}`]) {
      expect(text).not.toContain(password);
    }
  });

  it('takes a client certificate and key (mTLS) and can skip the server-name check', () => {
    const security = load({
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CERT_FILE: file('client.pem', PEM_CERT),
      KAFKA_SSL_KEY_FILE: file('client.key', PEM_KEY),
      KAFKA_SSL_VERIFY_HOSTNAME: 'false',
    });
    expect(security.tls?.cert).toBe(PEM_CERT);
    expect(security.tls?.key?.reveal()).toBe(PEM_KEY);
    expect(security.tls?.verifyHostname).toBe(false);
    expect(security.sasl).toBeUndefined();
  });

  it.each([
    [{ KAFKA_SECURITY_PROTOCOL: 'TLS' }, /^invalid configuration: KAFKA_SECURITY_PROTOCOL: /],
    [
      { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      /KAFKA_SASL_MECHANISM: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL/,
    ],
    [
      { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u' },
      /KAFKA_SASL_PASSWORD: required .*KAFKA_SASL_PASSWORD_FILE/,
    ],
    [{ KAFKA_SASL_MECHANISM: 'GSSAPI' }, /KAFKA_SASL_MECHANISM: /],
    [{ KAFKA_SASL_USERNAME: 'tokenwatch', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME: is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT/],
    [
      { KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL_CA_FILE: '/x' },
      /KAFKA_SSL_CA_FILE: is set, but KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT/,
    ],
    [
      {
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_PASSWORD_FILE: '/x',
      },
      /KAFKA_SASL_PASSWORD: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both/,
    ],
    [
      { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: '/nonexistent/pw' },
      /KAFKA_SASL_PASSWORD_FILE: cannot read \/nonexistent\/pw \(ENOENT\)/,
    ],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: 'PEM_TEXT_NOT' }, /KAFKA_SSL_CA_FILE: cannot read/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: '/x' }, /KAFKA_SSL_KEY_FILE: a client certificate \(mTLS\) needs both/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_VERIFY_HOSTNAME: 'no' }, /KAFKA_SSL_VERIFY_HOSTNAME: /],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('rejects a CA file that holds no PEM certificate, and an empty password file', () => {
    expect(() => load({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: file('not-pem', 'hello') })).toThrow(
      /KAFKA_SSL_CA_FILE: .*not-pem holds no PEM certificate/,
    );
    const empty = {
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD_FILE: file('empty', '\n'),
    };
    expect(() => load(empty)).toThrow(/KAFKA_SASL_PASSWORD_FILE: .*empty is empty/);
  });
});
