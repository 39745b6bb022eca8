-- AccessEvent v1, one row per gateway request, every field flattened (geo.* -> country..lon).
-- ReplacingMergeTree on the sorting key: a redelivered event (same id, so same token_fp and ts)
-- is stored once after a merge and counted once under FINAL.
-- The TTL below is the default retention; migrate() rewrites it when accessEventsTtlDays differs.
CREATE TABLE IF NOT EXISTS {{database}}.access_events
(
    id          String,
    ts          DateTime64(3, 'UTC'),
    gateway     LowCardinality(String),
    token_fp    String,
    token_hint  Nullable(String),
    token_kind  LowCardinality(String),
    ip          Nullable(String),
    method      LowCardinality(Nullable(String)),
    route       LowCardinality(Nullable(String)),
    path        Nullable(String),
    status      Nullable(UInt16),
    bytes       Nullable(UInt64),
    latency_ms  Nullable(Float64),
    user_agent  Nullable(String),
    consumer    LowCardinality(Nullable(String)),
    service     LowCardinality(Nullable(String)),
    country     LowCardinality(Nullable(String)),
    region      LowCardinality(Nullable(String)),
    city        LowCardinality(Nullable(String)),
    lat         Nullable(Float64),
    lon         Nullable(Float64),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(ts)
ORDER BY (token_fp, ts, id)
TTL toDateTime(ts) + toIntervalDay(30)
SETTINGS ttl_only_drop_parts = 1;
