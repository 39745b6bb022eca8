import type { PayloadFormat } from './access-event-payloads';

/** The last migration applied (its number), or every one. */
export type SchemaUpTo = number | 'latest';

export interface BenchVariant {
  name: string;
  schema: SchemaUpTo;
  format: PayloadFormat;
  settings: Record<string, string>;
  /** The table the rows are sent to; default access_events_input, where the latest schema takes inserts. */
  table?: string;
  /** DDL run after the migrations, `{{database}}` as in a migration file: a candidate schema change. */
  ddl?: string[];
}

/** token_minute_rollups with ids as cityHash64 (UInt64) in the uniqExact states instead of Strings. */
const HASHED_ROLLUPS = [
  'DROP VIEW {{database}}.token_minute_rollups_mv',
  `CREATE TABLE {{database}}.rollups_hashed (token_fp String, minute DateTime('UTC'),
    requests AggregateFunction(uniqExact, UInt64), errors AggregateFunction(uniqExactIf, UInt64, UInt8),
    bytes AggregateFunction(sum, UInt64), countries AggregateFunction(groupUniqArrayIf(64), String, UInt8),
    routes AggregateFunction(groupUniqArrayIf(256), String, UInt8))
  ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(minute) ORDER BY (token_fp, minute)`,
  `CREATE MATERIALIZED VIEW {{database}}.rollups_hashed_mv TO {{database}}.rollups_hashed AS SELECT token_fp, toStartOfMinute(ts) AS minute,
    uniqExactState(cityHash64(id)) AS requests, uniqExactIfState(cityHash64(id), toUInt8(ifNull(status, 0) >= 400)) AS errors,
    sumState(ifNull(bytes, toUInt64(0))) AS bytes,
    groupUniqArrayIfState(64)(assumeNotNull(country), toUInt8(isNotNull(country))) AS countries,
    groupUniqArrayIfState(256)(assumeNotNull(route), toUInt8(isNotNull(route))) AS routes
  FROM {{database}}.access_events GROUP BY token_fp, minute`,
];

/** What insertAccessEvents sends to chDB today. */
const TODAY = { async_insert: '0' };

/** Parsing alone: Null tables that keep nothing, with and without access_events' LowCardinality columns. */
const PARSE_ONLY = [
  'DROP VIEW {{database}}.access_events_input_mv',
  'CREATE TABLE {{database}}.access_events_null AS {{database}}.access_events ENGINE = Null',
];

export const BENCH_VARIANTS: BenchVariant[] = [
  { name: 'access_events alone', schema: 1, table: 'access_events', format: 'JSONCompactEachRow', settings: TODAY },
  { name: 'access_events + rollups (007)', schema: 7, table: 'access_events', format: 'JSONCompactEachRow', settings: TODAY },
  { name: 'latest schema', schema: 'latest', format: 'JSONCompactEachRow', settings: TODAY },
  { name: 'latest, straight into access_events', schema: 'latest', table: 'access_events', format: 'JSONCompactEachRow', settings: TODAY },
  { name: 'parse only, LowCardinality', schema: 'latest', table: 'access_events_null', format: 'JSONCompactEachRow', settings: TODAY, ddl: PARSE_ONLY },
  { name: 'parse only, plain columns', schema: 'latest', format: 'JSONCompactEachRow', settings: TODAY, ddl: PARSE_ONLY },
  { name: 'latest, rollups of hashed ids', schema: 'latest', format: 'JSONCompactEachRow', settings: TODAY, ddl: HASHED_ROLLUPS },
  { name: 'latest, TabSeparated', schema: 'latest', format: 'TabSeparated', settings: TODAY },
  { name: 'latest, CSV', schema: 'latest', format: 'CSV', settings: TODAY },
  { name: 'latest, async_insert default', schema: 'latest', format: 'JSONCompactEachRow', settings: {} },
  { name: 'latest, no parallel parsing', schema: 'latest', format: 'JSONCompactEachRow', settings: { ...TODAY, input_format_parallel_parsing: '0' } },
  { name: 'latest, optimize_on_insert=0', schema: 'latest', format: 'JSONCompactEachRow', settings: { ...TODAY, optimize_on_insert: '0' } },
];
