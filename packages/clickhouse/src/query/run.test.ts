import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACCESS_EVENT_COLUMNS, accessEventLine, toAccessEventRow } from '../access-events.queries';
import type { ClickHouse } from '../clickhouse.client';
import { makeEvent } from '../test-events.fixture';
import { createTestClickHouse, type TestClickHouse } from '../testing';
import { ClickHouseQueryError } from './query.error';
import { runQuery } from './run';
import { defineCommand, defineInsert, defineSelect } from './statement';
import { chNumber } from './row-values';

let ch: TestClickHouse;

beforeAll(async () => {
  ch = await createTestClickHouse();
});
afterAll(async () => {
  await ch?.dispose();
});

const FAST = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

const SUM = defineSelect({
  name: 'test.sum',
  sql: 'SELECT {a:UInt32} + {b:UInt32} AS n',
  params: z.object({ a: z.number().int(), b: z.number().int() }),
  row: z.object({ n: chNumber }),
});

/**
 * The embedded client, whose first `failures` calls run a query that chDB itself fails with
 * ClickHouse error `code` (throwIf with a custom code); records what each call was sent. The
 * injected query is JSONEachRow: chDB 3.4 hands the output a failed FORMAT JSON query wrote before
 * its error (the JSON header) to the next query of the session.
 */
function flaky(base: ClickHouse, failures: number, code: number, mode: ClickHouse['mode'] = base.mode) {
  const calls: Array<{ query_id?: string; clickhouse_settings?: Record<string, unknown> }> = [];
  const client = new Proxy(base.client, {
    get(target, prop, receiver) {
      const real = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'query' && prop !== 'command' && prop !== 'insert') return typeof real === 'function' ? real.bind(target) : real;
      return async (params: { query_id?: string; clickhouse_settings?: Record<string, unknown> }) => {
        calls.push({ query_id: params.query_id, clickhouse_settings: params.clickhouse_settings });
        if (calls.length <= failures) {
          await target.query({
            query: `SELECT throwIf(1, 'injected', toInt16(${code})) SETTINGS allow_custom_error_code_in_throwif = 1`,
            format: 'JSONEachRow',
          });
        }
        // The tagging settings are for a server; chDB would keep them as session SETs.
        const { clickhouse_settings: _ignored, ...rest } = params;
        return (target[prop] as (p: unknown) => Promise<unknown>).call(target, rest);
      };
    },
  });
  return { ch: { ...base, mode, client }, calls };
}

describe('runQuery', () => {
  it('returns checked, shaped rows', async () => {
    const result = await runQuery(ch, SUM, { a: 2, b: 3 });
    expect(result).toEqual({ ok: true, value: [{ n: 5 }] });
  });

  it('retries a transient ClickHouse error (by its code) with a fresh query_id per attempt', async () => {
    const { ch: busy, calls } = flaky(ch, 2, 202);
    const result = await runQuery(busy, SUM, { a: 1, b: 1 }, { retry: FAST });
    expect(result).toEqual({ ok: true, value: [{ n: 2 }] });
    expect(calls).toHaveLength(3);
    const [first, second, third] = calls.map((c) => c.query_id ?? '');
    expect(first).toMatch(/^test\.sum:[0-9a-f-]{36}$/);
    expect(second).toBe(`${first}:2`);
    expect(third).toBe(`${first}:3`);
  });

  it('gives up after the last attempt with an error that names the query and stays retriable', async () => {
    const { ch: busy } = flaky(ch, 10, 159);
    const result = await runQuery(busy, SUM, { a: 1, b: 1 }, { retry: FAST });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ClickHouseQueryError);
    expect(result.error).toMatchObject({ query: 'test.sum', failure: 'clickhouse', retriable: true, attempts: 4, clickhouseCode: 159 });
    expect(result.error.message).toMatch(/^ClickHouse test\.sum failed after 4 attempts: /);
  });

  it('does not retry a permanent error', async () => {
    const missing = defineSelect({ name: 'test.missing_table', sql: 'SELECT 1 FROM {db:Identifier}.no_such_table', params: z.object({}), row: z.object({}) });
    const result = await runQuery(ch, missing, {}, { retry: FAST });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ query: 'test.missing_table', retriable: false, attempts: 1, clickhouseCode: 60 });
  });

  it("leaves a 'caller' statement to its caller: one attempt", async () => {
    const { ch: busy, calls } = flaky(ch, 1, 202);
    const result = await runQuery(busy, SUM, { a: 1, b: 1 }, { retry: 'caller' });
    expect(result.ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('refuses invalid parameters and rows that do not fit the row schema, without sending or retrying', async () => {
    const params = await runQuery(ch, SUM, { a: 1.5, b: 1 } as never);
    expect(params.ok).toBe(false);
    if (params.ok) return;
    expect(params.error).toMatchObject({ query: 'test.sum', failure: 'invalid_params', attempts: 0, retriable: false });
    expect(params.error.message).toMatch(/^ClickHouse test\.sum failed: parameters at a: /);
    const wrongRow = defineSelect({ name: 'test.wrong_row', sql: "SELECT 'x' AS n", params: z.object({}), row: z.object({ n: chNumber }) });
    const row = await runQuery(ch, wrongRow, {});
    expect(row.ok).toBe(false);
    if (row.ok) return;
    expect(row.error).toMatchObject({ query: 'test.wrong_row', failure: 'invalid_row', attempts: 1 });
    expect(row.error.message).toMatch(/row 0 at n: expected a number from ClickHouse, got "x"/);
  });

  it('tags a server call with log_comment, and an embedded one only by query_id', async () => {
    const server = flaky(ch, 0, 0, 'server');
    expect((await runQuery(server.ch, SUM, { a: 1, b: 2 })).ok).toBe(true);
    expect(server.calls[0]?.clickhouse_settings).toEqual({ log_comment: 'test.sum' });
    const embedded = flaky(ch, 0, 0);
    expect((await runQuery(embedded.ch, SUM, { a: 1, b: 2 })).ok).toBe(true);
    expect(embedded.calls[0]?.clickhouse_settings).toBeUndefined();
  });

  it('runs commands and inserts of declared columns', async () => {
    const create = defineCommand({
      name: 'test.create',
      params: z.object({}),
      sql: (_p, db) => `CREATE TABLE IF NOT EXISTS \`${db}\`.pairs (k String, v UInt32) ENGINE = MergeTree ORDER BY k`,
    });
    expect((await runQuery(ch, create, {})).ok).toBe(true);
    const insert = defineInsert<{ k: string; v: number }>()({ name: 'test.insert', table: 'pairs', columns: ['k', 'v'] });
    expect(
      (
        await runQuery(ch, insert, {
          rows: [
            { k: 'a', v: 1 },
            { k: 'b', v: 2 },
          ],
        })
      ).ok,
    ).toBe(true);
    const total = defineSelect({
      name: 'test.total',
      sql: 'SELECT sum(v) AS n FROM {db:Identifier}.pairs',
      params: z.object({}),
      row: z.object({ n: chNumber }),
    });
    expect(await runQuery(ch, total, {})).toEqual({ ok: true, value: [{ n: 3 }] });
  });

  it('declares inserts whose columns name every field of the row type', () => {
    const full = defineInsert<{ k: string; v: number }>()({ name: 'test.full', table: 'pairs', columns: ['k', 'v'] });
    expect(full.columns).toEqual(['k', 'v']);
    // @ts-expect-error a column list that leaves out a field of the row type does not compile
    defineInsert<{ k: string; v: number }>()({ name: 'test.partial', table: 'pairs', columns: ['k'] });
  });

  it('rejects a statement name that is not table.action', () => {
    expect(() => defineSelect({ name: 'Bad Name', sql: 'SELECT 1', params: z.object({}), row: z.object({}) })).toThrow(/table\.action/);
  });
});

describe('access_events columns', () => {
  it('encodes a JSONCompactEachRow line in ACCESS_EVENT_COLUMNS order, the same values as toAccessEventRow', () => {
    for (const event of [
      makeEvent(1, 1_700_000_000_000),
      makeEvent(2, 1_700_000_000_000, { geo: null, token: { fp: 'c3'.repeat(16), hint: null, kind: 'bearer' } }),
    ]) {
      const row = toAccessEventRow(event);
      expect(JSON.parse(accessEventLine(event))).toEqual(ACCESS_EVENT_COLUMNS.map((column) => row[column]));
    }
  });
});
