-- SOC triage of alerts: one row per action (ack, resolve, false_positive), append-only.
-- The latest action of an alert is its triage status; earlier rows are the audit trail
-- (who: the API key's role and name; when: recorded_at; why: reason).
CREATE TABLE IF NOT EXISTS {{database}}.alert_triage
(
    alert_id    String,
    token_fp    String,
    action      LowCardinality(String),
    reason      String,
    actor_role  LowCardinality(String),
    actor_name  String,
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (alert_id, recorded_at);
