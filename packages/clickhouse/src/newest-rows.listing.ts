import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chLimit } from './query/row-values';

export interface NewestRowsSpec<R extends z.ZodType> {
  /** The table; its statements are named `<table>.list` and `<table>.list_by_token`. */
  table: string;
  /** Read the table FINAL (a ReplacingMergeTree whose latest version of a row is wanted). */
  final: boolean;
  select: string;
  orderBy: string;
  row: R;
}

/** Lists a table's rows newest first, at most `limit` (1..100 000), of every token or of one (`tokenFp`). */
export function defineNewestRowsListing<R extends z.ZodType>(spec: NewestRowsSpec<R>) {
  const sql = (where: string) => `SELECT ${spec.select}
FROM {db:Identifier}.${spec.table}${spec.final ? ' FINAL' : ''}
${where}
ORDER BY ${spec.orderBy}
LIMIT {limit:UInt32}`;
  const all = defineSelect({ name: `${spec.table}.list`, sql: sql(''), params: z.object({ limit: chLimit }), row: spec.row });
  const byToken = defineSelect({
    name: `${spec.table}.list_by_token`,
    sql: sql('WHERE token_fp = {fp:String}'),
    params: z.object({ fp: z.string(), limit: chLimit }),
    row: spec.row,
  });
  return async (ch: ClickHouse, opts: { tokenFp?: string; limit: number }): Promise<z.output<R>[]> => {
    const limit = assertLimit(opts.limit);
    return unwrap(opts.tokenFp === undefined ? await runQuery(ch, all, { limit }) : await runQuery(ch, byToken, { fp: opts.tokenFp, limit }));
  };
}
