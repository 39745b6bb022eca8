-- Silences: time-boxed mutes of alert notifications, shared by every process (the notifier, the
-- API, the CLI). Versioned rows: a change (expiring a silence early) writes the whole row again
-- with a later updated_at; ReplacingMergeTree keeps the latest version and readers use FINAL, so
-- an expiry is as durable as a creation. Matchers: token_fp, consumer and signals (empty = any);
-- every given matcher must hold. created_by / expired_by name the API key (role#n) or CLI user,
-- never a key.
CREATE TABLE IF NOT EXISTS {{database}}.silences
(
    id          String,
    token_fp    Nullable(String),
    consumer    Nullable(String),
    signals     Array(LowCardinality(String)),
    starts_at   DateTime64(3, 'UTC'),
    ends_at     DateTime64(3, 'UTC'),
    created_by  String,
    comment     String,
    created_at  DateTime64(3, 'UTC'),
    expired_at  Nullable(DateTime64(3, 'UTC')),
    expired_by  Nullable(String),
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
