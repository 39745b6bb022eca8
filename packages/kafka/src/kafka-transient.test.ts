import { describe, expect, it } from 'vitest';
import { TokenwatchError } from '@tokenwatch/common';
import { Kafka, logLevel } from 'kafkajs';
import { checkKafkaAccess } from './kafka-access.check';
import { KafkaAccessError } from './kafka-access.error';
import { isTransientKafkaError } from './kafka-transient';
import { LocalBrokerError } from './local-broker';

/** A kafkajs error as kafkajs builds it: a name, `retriable`, and for protocol errors the `type`. */
const kafkajsError = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, retriable: true, ...fields });
const protocol = (type: string, retriable: boolean) => kafkajsError('KafkaJSProtocolError', { type, retriable });

describe('isTransientKafkaError', () => {
  it('reads what kafkajs gave up on by its type', async () => {
    // kafkajs with no retries, against a port nobody listens on: what checkKafkaAccess meets while a broker starts.
    const kafka = new Kafka({
      clientId: 'transient-test',
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      retry: { retries: 0 },
    });
    const refused = await kafka
      .admin({ retry: { retries: 0 } })
      .connect()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });
    expect(isTransientKafkaError(refused)).toBe(true);
  });

  it.each([
    ['a refused or dropped connection', kafkajsError('KafkaJSConnectionError', { code: 'ECONNREFUSED' })],
    ['a request timeout', kafkajsError('KafkaJSRequestTimeoutError')],
    ['a broker not in the pool yet', kafkajsError('KafkaJSBrokerNotFound')],
    ['no coordinator named yet (kafkajs: not retriable)', kafkajsError('KafkaJSGroupCoordinatorNotFound', { retriable: false })],
    ['a leader on its way', protocol('LEADER_NOT_AVAILABLE', true)],
    ['too few in-sync replicas', protocol('NOT_ENOUGH_REPLICAS', true)],
    ['a rebalance (kafkajs: not retriable)', protocol('REBALANCE_IN_PROGRESS', false)],
    ['a retriable TokenwatchError', new TokenwatchError('later', { code: 'LATER', retriable: true })],
    [
      'an aggregate of transient ones',
      kafkajsError('KafkaJSAggregateError', { errors: [protocol('LEADER_NOT_AVAILABLE', true), kafkajsError('KafkaJSConnectionError')] }),
    ],
  ])('transient: %s', (_, error) => {
    expect(isTransientKafkaError(error)).toBe(true);
  });

  it.each([
    ['a denied topic', protocol('TOPIC_AUTHORIZATION_FAILED', false)],
    ['a refused SASL login', kafkajsError('KafkaJSSASLAuthenticationError', { retriable: false })],
    ['a bad request kafkajs bailed out of', kafkajsError('KafkaJSNonRetriableError', { retriable: false, cause: protocol('INVALID_PARTITIONS', false) })],
    ['an API the broker lacks', kafkajsError('KafkaJSServerDoesNotSupportApiKey', { retriable: false })],
    [
      'an aggregate with a permanent one',
      kafkajsError('KafkaJSAggregateError', { errors: [protocol('LEADER_NOT_AVAILABLE', true), protocol('TOPIC_AUTHORIZATION_FAILED', false)] }),
    ],
    ['a KafkaAccessError (a setting)', new KafkaAccessError('SASL authentication failed', 'check KAFKA_SASL_PASSWORD')],
    ['an error that is not from kafkajs', Object.assign(new Error('boom'), { retriable: true })],
    ['not an error', 'text'],
  ])('not transient: %s', (_, error) => {
    expect(isTransientKafkaError(error)).toBe(false);
  });
});

describe('Kafka errors on the common base', () => {
  it('carry a code, retriable false and the hint in their context', () => {
    const access = new KafkaAccessError('SASL authentication failed', 'check KAFKA_SASL_PASSWORD', { cause: new Error('inner') });
    expect(access).toBeInstanceOf(TokenwatchError);
    expect(access).toMatchObject({
      name: 'KafkaAccessError',
      code: 'KAFKA_ACCESS_FAILED',
      retriable: false,
      context: { hint: 'check KAFKA_SASL_PASSWORD' },
      hint: 'check KAFKA_SASL_PASSWORD',
    });
    expect(access.cause).toBeInstanceOf(Error);
    const local = new LocalBrokerError('Port 9092 is in use', 'stop what listens there');
    expect(local).toMatchObject({ name: 'LocalBrokerError', code: 'LOCAL_BROKER_FAILED', retriable: false, context: { hint: 'stop what listens there' } });
  });
});

describe('checkKafkaAccess', () => {
  it('waits for an unreachable cluster until waitMs, then says which brokers it could not reach', async () => {
    // A clock that moves only when the check pauses: the attempts must go on until waitMs has passed on it.
    let clock = 0;
    const pauses: number[] = [];
    const sleep = (ms: number) => {
      pauses.push(ms);
      clock += ms;
      return Promise.resolve();
    };
    const error = await checkKafkaAccess({ brokers: ['127.0.0.1:1'], clientId: 'transient-test' }, {}, { waitMs: 1_500, now: () => clock, sleep }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(clock).toBe(1_500);
    expect(pauses.length).toBeGreaterThan(1);
    expect(error).toBeInstanceOf(KafkaAccessError);
    expect((error as KafkaAccessError).message).toMatch(/^cannot reach Kafka at 127\.0\.0\.1:1 \(/);
  });
});
