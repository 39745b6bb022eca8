import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { isTransientClickHouseError } from './transient.errors';

const chError = (code: string, type: string, message = 'boom') => new ClickHouseError({ code, type, message });

describe('isTransientClickHouseError', () => {
  it('retries network failures, also when wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    expect(isTransientClickHouseError(refused)).toBe(true);
    expect(isTransientClickHouseError(new Error('socket hang up'))).toBe(true);
    expect(isTransientClickHouseError(new TypeError('fetch failed'))).toBe(true);
    expect(isTransientClickHouseError(new Error('outer', { cause: refused }))).toBe(true);
    expect(isTransientClickHouseError(new AggregateError([refused], 'all failed'))).toBe(true);
  });

  it('retries overload and timeout errors of ClickHouse', () => {
    for (const [code, type] of [
      ['159', 'TIMEOUT_EXCEEDED'],
      ['252', 'TOO_MANY_PARTS'],
      ['202', 'TOO_MANY_SIMULTANEOUS_QUERIES'],
      ['241', 'MEMORY_LIMIT_EXCEEDED'],
      ['210', 'NETWORK_ERROR'],
      ['209', 'SOCKET_TIMEOUT'],
    ] as const) {
      expect(isTransientClickHouseError(chError(code, type)), type).toBe(true);
    }
    expect(isTransientClickHouseError(chError('252', ''))).toBe(true);
  });

  it('does not retry bad SQL, bad data or a per-insert partition limit', () => {
    expect(isTransientClickHouseError(chError('62', 'SYNTAX_ERROR'))).toBe(false);
    expect(isTransientClickHouseError(chError('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'))).toBe(false);
    expect(isTransientClickHouseError(chError('60', 'UNKNOWN_TABLE'))).toBe(false);
    expect(
      isTransientClickHouseError(chError('252', 'TOO_MANY_PARTS', 'Too many partitions for single INSERT block (more than 100)')),
    ).toBe(false);
    expect(isTransientClickHouseError(new Error('ChdbConnection is closed'))).toBe(false);
    expect(isTransientClickHouseError('ECONNRESET as a string')).toBe(false);
    expect(isTransientClickHouseError(undefined)).toBe(false);
  });
});
