-- The detector's per-token baseline, one row per token: the latest `version` wins
-- (ReplacingMergeTree; readers use FINAL). `state` is the complete TokenSnapshot JSON the scorer
-- restores from; the other columns repeat the parts an analyst reads, so plain SQL answers
-- "what does this token normally do". Written periodically, on partition revocation, on shutdown,
-- when an idle token leaves memory, and by `tokenwatch baselines rebuild`.
CREATE TABLE IF NOT EXISTS {{database}}.token_baselines
(
    token_fp         String,
    version          UInt64,
    snapshot_version UInt8,
    learning         LowCardinality(String),
    first_seen       DateTime64(3, 'UTC'),
    last_seen        DateTime64(3, 'UTC'),
    events           UInt64,
    consumer         LowCardinality(String),
    service          LowCardinality(String),
    countries        Array(String),
    user_agents      Array(String),
    routes           Array(String),
    -- requests per hour for each hour of the week, from Monday 00:00 UTC
    hourly_rate      Array(Float32),
    reason           LowCardinality(String),
    state            String CODEC(ZSTD(3)),
    written_at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY token_fp;
