import { describe, expect, it } from 'vitest';
import { Secret, type KafkaSecurity } from '@tokenwatch/config';
import { explainKafkaError } from './kafka-access.error';
import { describeKafkaSecurity, kafkajsSecurityOptions } from './kafka-security';

const SCRAM: KafkaSecurity = {
  protocol: 'SASL_SSL',
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'tokenwatch', password: new Secret('pw-9931') },
  tls: { ca: 'CA-PEM', caFile: '/secrets/ca.pem', verifyHostname: true },
};

describe('kafkajs security options', () => {
  it('turns SASL_SSL into ssl with the CA and sasl with the revealed password', () => {
    const options = kafkajsSecurityOptions(SCRAM);
    expect(options.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'tokenwatch', password: 'pw-9931' });
    expect(options.ssl).toMatchObject({ ca: 'CA-PEM', rejectUnauthorized: true });
    expect(describeKafkaSecurity(SCRAM)).toBe('SASL_SSL (SCRAM-SHA-512, user tokenwatch)');
  });

  it('gives PLAINTEXT no options, and SSL without name check a no-op identity check', () => {
    expect(kafkajsSecurityOptions({ protocol: 'PLAINTEXT' })).toEqual({});
    const ssl = kafkajsSecurityOptions({ protocol: 'SSL', tls: { verifyHostname: false } }).ssl as { checkServerIdentity: () => unknown };
    expect(ssl.checkServerIdentity()).toBeUndefined();
  });
});

describe('explainKafkaError', () => {
  const context = { brokers: ['b1:9094'], security: SCRAM, topics: ['tw.*'], groups: ['tw-*'] };
  const wrapped = (inner: object) => Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner });

  it.each([
    [
      { name: 'KafkaJSSASLAuthenticationError', message: 'SASL SCRAM SHA512 authentication failed: invalid credentials' },
      /^SASL authentication failed for user tokenwatch .*; check KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD/,
    ],
    [
      wrapped({
        name: 'KafkaJSConnectionError',
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
        message: 'Connection error: self-signed certificate in certificate chain',
        broker: 'b1:9094',
      }),
      /^the TLS certificate of the Kafka broker at b1:9094 is not trusted .*KAFKA_SSL_CA_FILE \(\/secrets\/ca.pem\)/,
    ],
    [
      wrapped({ name: 'KafkaJSConnectionError', code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }),
      /does not name the host .*KAFKA_BROKERS/,
    ],
    [
      wrapped({
        name: 'KafkaJSConnectionError',
        code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        message: 'Connection error: tlsv13 alert certificate required',
      }),
      /refused the TLS connection without a client certificate it trusts .*KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE/,
    ],
    [
      { name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED', message: 'Not authorized to access topics' },
      /^Kafka denied user tokenwatch access to a topic \(it uses tw\.\*\); grant/,
    ],
    [
      { name: 'KafkaJSProtocolError', type: 'GROUP_AUTHORIZATION_FAILED', message: 'Not authorized to access group' },
      /^Kafka denied user tokenwatch access to a consumer group \(it uses tw-\*\).*TOKENWATCH_GROUP_PREFIX/,
    ],
  ])('explains %j in one line with the setting to fix', (error, line) => {
    const explained = explainKafkaError(error, context);
    expect(explained).toBeDefined();
    const text = `${explained!.message}; ${explained!.hint}`;
    expect(text).toMatch(line);
    expect(text).not.toContain('\n');
    expect(text).not.toContain('pw-9931');
  });

  it('leaves other errors alone', () => {
    expect(explainKafkaError(new Error('boom'), context)).toBeUndefined();
  });
});
