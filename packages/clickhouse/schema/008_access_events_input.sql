-- The table inserts of access events go to: access_events' columns with every LowCardinality taken
-- off, stored nowhere (Null engine), each block passed on to access_events by the view below.
-- chDB parses text into a LowCardinality column value by value, a large part of an insert's CPU;
-- parsing plain Strings and converting whole columns on the way to access_events costs less
-- (packages/clickhouse/bench/insert-cost.bench.ts). access_events and its views are unchanged.
-- A column added to access_events must be added here too (access-events-input.test.ts checks).
CREATE TABLE IF NOT EXISTS {{database}}.access_events_input
(
    id          String,
    ts          DateTime64(3, 'UTC'),
    gateway     String,
    token_fp    String,
    token_hint  Nullable(String),
    token_kind  String,
    ip          Nullable(String),
    method      Nullable(String),
    route       Nullable(String),
    path        Nullable(String),
    status      Nullable(UInt16),
    bytes       Nullable(UInt64),
    latency_ms  Nullable(Float64),
    user_agent  Nullable(String),
    consumer    Nullable(String),
    service     Nullable(String),
    country     Nullable(String),
    region      Nullable(String),
    city        Nullable(String),
    lat         Nullable(Float64),
    lon         Nullable(Float64)
)
ENGINE = Null;

-- ingested_at is left out: access_events fills in its default, as for a direct insert.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.access_events_input_mv
TO {{database}}.access_events
AS SELECT
    id, ts, gateway, token_fp, token_hint, token_kind, ip, method, route, path, status, bytes,
    latency_ms, user_agent, consumer, service, country, region, city, lat, lon
FROM {{database}}.access_events_input;
