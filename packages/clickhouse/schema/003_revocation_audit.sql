-- The notifier's durable state.
--
-- revocation_audit: one row per step of every revocation decision (append-only, never updated):
-- a decision that is skipped, logged (log mode: the would-be action), about to call the revoker
-- ('pending', written before the call), and its result. decision_id is deterministic from the alert
-- id; a decision with any row is never sent to a revoker again.
CREATE TABLE IF NOT EXISTS {{database}}.revocation_audit
(
    decision_id String,
    alert_id    String,
    token_fp    String,
    token_hint  Nullable(String),
    consumer    Nullable(String),
    mode        LowCardinality(String),
    verdict     LowCardinality(String),
    reason      String,
    revoker     LowCardinality(String),
    action      String,
    outcome     LowCardinality(String),
    detail      String,
    severity    LowCardinality(String),
    score       Float64,
    alert_ts    DateTime64(3, 'UTC'),
    recorded_at DateTime64(3, 'UTC'),
    INDEX idx_token_fp token_fp TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
ORDER BY (decision_id, recorded_at);

-- notification_deliveries: the delivery ledger, one row per (alert id, transport, alert state),
-- the latest outcome wins (sent, pending, grouped, suppressed, dead_lettered). `alert` holds the
-- Alert v1 JSON while the outcome is pending (grouped, not sent yet) so a restart can resume it.
CREATE TABLE IF NOT EXISTS {{database}}.notification_deliveries
(
    alert_id    String,
    channel     LowCardinality(String),
    state       LowCardinality(String),
    token_fp    String,
    route       String,
    outcome     LowCardinality(String),
    alert       String,
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (alert_id, channel, state)
TTL toDateTime(recorded_at) + toIntervalDay(30);
