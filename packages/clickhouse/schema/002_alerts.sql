-- Alert v1. The same alert id is written again when its state changes (firing -> resolved);
-- ReplacingMergeTree(updated_at) keeps the latest row, and readers use FINAL.
-- signals holds the Signal v1 array as a JSON string.
CREATE TABLE IF NOT EXISTS {{database}}.alerts
(
    id           String,
    ts           DateTime64(3, 'UTC'),
    token_fp     String,
    token_hint   Nullable(String),
    severity     LowCardinality(String),
    score        Float64,
    signals      String,
    summary      String,
    window_start DateTime64(3, 'UTC'),
    window_end   DateTime64(3, 'UTC'),
    state        LowCardinality(String),
    updated_at   DateTime64(3, 'UTC'),
    INDEX idx_token_fp token_fp TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
