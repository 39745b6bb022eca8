-- Per token per minute: requests, errors, response bytes, distinct countries and routes, filled by a
-- materialized view on every insert into access_events. Requests and errors count distinct event ids,
-- so an event redelivered after a crash is counted once; bytes are a plain sum and can count a
-- redelivered event twice. Read with the -Merge combinators and GROUP BY (see token-rollups.queries.ts).
CREATE TABLE IF NOT EXISTS {{database}}.token_minute_rollups
(
    token_fp  String,
    minute    DateTime('UTC'),
    requests  AggregateFunction(uniqExact, String),
    errors    AggregateFunction(uniqExactIf, String, UInt8),
    bytes     AggregateFunction(sum, UInt64),
    countries AggregateFunction(groupUniqArrayIf(64), String, UInt8),
    routes    AggregateFunction(groupUniqArrayIf(256), String, UInt8)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (token_fp, minute)
TTL minute + toIntervalDay(400);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.token_minute_rollups_mv
TO {{database}}.token_minute_rollups
AS SELECT
    token_fp,
    toStartOfMinute(ts) AS minute,
    uniqExactState(id) AS requests,
    uniqExactIfState(id, toUInt8(ifNull(status, 0) >= 400)) AS errors,
    sumState(ifNull(bytes, toUInt64(0))) AS bytes,
    groupUniqArrayIfState(64)(assumeNotNull(country), toUInt8(isNotNull(country))) AS countries,
    groupUniqArrayIfState(256)(assumeNotNull(route), toUInt8(isNotNull(route))) AS routes
FROM {{database}}.access_events
GROUP BY token_fp, minute;
