import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { ClickHouseQueryError } from './query/query.error';
import { clickHouseErrorCode, isTransientClickHouseError, TRANSIENT_CLICKHOUSE_ERRORS } from './transient.errors';

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
    expect(isTransientClickHouseError(chError('252', 'TOO_MANY_PARTS', 'Too many partitions for single INSERT block (more than 100)'))).toBe(false);
    expect(isTransientClickHouseError(new Error('ChdbConnection is closed'))).toBe(false);
    expect(isTransientClickHouseError('ECONNRESET as a string')).toBe(false);
    expect(isTransientClickHouseError(undefined)).toBe(false);
  });

  it('lets a ClickHouse error code decide on its own, whatever the message says', () => {
    expect(isTransientClickHouseError(chError('62', 'SYNTAX_ERROR', 'Syntax error near "network error"'))).toBe(false);
    expect(isTransientClickHouseError(chError('745', 'SERVER_OVERLOADED'))).toBe(true);
    expect(isTransientClickHouseError(chError('999', 'KEEPER_EXCEPTION'))).toBe(true);
    expect(isTransientClickHouseError(chError('319', 'UNKNOWN_STATUS_OF_INSERT'))).toBe(true);
    expect(TRANSIENT_CLICKHOUSE_ERRORS).toMatchObject({ TIMEOUT_EXCEEDED: 159, TOO_MANY_PARTS: 252, SYSTEM_ERROR: 425, NOT_ENOUGH_SPACE: 243 });
  });

  it('retries a full disk: what chDB reports when it cannot reserve room for an insert', () => {
    // The error chDB 3.4 (ClickHouse 26.7) raised in the disk-full drill, as rawInsert's error parses.
    const full = chError('243', 'NOT_ENOUGH_SPACE', 'Cannot reserve 1.00 MiB, not enough space. ');
    expect(isTransientClickHouseError(full)).toBe(true);
    expect(isTransientClickHouseError(Object.assign(new Error('Query failed'), { code: 'CHDB_QUERY', clickhouseCode: 243 }))).toBe(true);
  });

  it("reads chDB's own errors: a numeric clickhouseCode, its watchdog timeout", () => {
    const chdb = (clickhouseCode: number) => Object.assign(new Error('Query failed'), { code: 'CHDB_QUERY', clickhouseCode });
    expect(clickHouseErrorCode(chdb(202))).toBe(202);
    expect(isTransientClickHouseError(chdb(202))).toBe(true);
    expect(isTransientClickHouseError(chdb(60))).toBe(false);
    expect(isTransientClickHouseError(Object.assign(new Error('deadline'), { code: 'CHDB_TIMEOUT' }))).toBe(true);
  });

  it('takes the word of a query error that already classified its cause', () => {
    const wrapped = (retriable: boolean) =>
      new ClickHouseQueryError('alerts.list', 'clickhouse', retriable, 3, 'alerts.list:1', chError('159', 'TIMEOUT_EXCEEDED'));
    expect(isTransientClickHouseError(wrapped(true))).toBe(true);
    expect(isTransientClickHouseError(wrapped(false))).toBe(false);
    expect(wrapped(true)).toMatchObject({ code: 'CLICKHOUSE_QUERY_FAILED', clickhouseCode: 159, context: { query: 'alerts.list', attempts: 3 } });
  });
});
