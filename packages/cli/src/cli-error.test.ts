import { describe, expect, it } from 'vitest';
import { TokenwatchError } from '@tokenwatch/common';
import { KafkaAccessError } from '@tokenwatch/kafka';
import { describeFailure, UsageError } from './cli-error';

describe('describeFailure', () => {
  it('prints the message and the hint of the error context, once', () => {
    expect(describeFailure(new TokenwatchError('cannot start', { code: 'X', context: { hint: 'set Y' } }))).toBe('cannot start; set Y');
    expect(describeFailure(new TokenwatchError('cannot start: set Y', { code: 'X', context: { hint: 'set Y' } }))).toBe('cannot start: set Y');
    expect(describeFailure(new UsageError('unknown command "x"'))).toBe('unknown command "x"');
    expect(describeFailure(new Error('plain'))).toBe('plain');
    expect(describeFailure('text')).toBe('text');
  });

  it('reads nothing from fields an error happens to have', () => {
    expect(describeFailure(Object.assign(new Error('duck'), { hint: 'quack' }))).toBe('duck');
  });

  it('prints the hint of the Kafka errors from their context too', () => {
    expect(describeFailure(new KafkaAccessError('SASL authentication failed', 'check KAFKA_SASL_PASSWORD'))).toBe(
      'SASL authentication failed; check KAFKA_SASL_PASSWORD',
    );
  });
});
