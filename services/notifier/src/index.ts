export { startNotifier, clickHouseTokenLookup, type NotifierServiceDeps, type RunningNotifier } from './notifier.service';
export { notifyAlerts, type NotifyAlertsDeps } from './notify-alerts';
export { readAlertLines, MAX_ALERT_LINE_CHARS } from './alert-lines.reader';
export { loadNotifierConfig, enabledTransports, REVOCATION_MODES, type NotifierConfig, type RevocationMode } from './notifier.config';
export { assembleNotifier, type NotifierParts } from './notifier.assembly';
export { NotifierEngine, type NotifyReport } from './notifier.engine';
export { createNotifierMetrics, type NotifierMetrics } from './notifier.metrics';
export * from './notifier.types';
export {
  parseRoutingFile,
  loadRoutingFile,
  defaultRouting,
  RoutingFile,
  type Route,
  type RouteMatch,
  type RevocationPolicyConfig,
} from './routing/routing-file.schema';
export { routeAlert, type RouteTarget } from './routing/routing.rules';
export { parseDuration, formatDuration } from './util/durations';
export { createFileSilenceStore, createMemorySilenceStore, findSilence, type Silence, type SilenceStore } from './silences/silence.store';
export { createClickHouseSilenceStore, type ClickHouseSilenceStoreOptions } from './silences/clickhouse-silence.store';
export { DeliveryLedger, createFileLedgerBackend, type LedgerBackend, type LedgerEntry, type LedgerOutcome } from './delivery/delivery.ledger';
export { createClickHouseLedgerBackend } from './delivery/clickhouse.ledger';
export {
  createFileDeadLetterSink,
  createKafkaDeadLetterSink,
  createMemoryDeadLetterSink,
  notificationsDlqTopic,
  type DeadLetterSink,
  type NotificationDeadLetter,
} from './delivery/dead-letter.sink';
export { DEFAULT_RETRY_POLICY } from './delivery/delivery.retrier';
export { parseRetryAfter } from './delivery/retry-after';
export { createTransports, createRevoker } from './transports/transport.registry';
export { buildSlackMessage, escapeMrkdwn, SLACK_LIMITS, type SlackMessage } from './transports/slack.blocks';
export { buildTrigger, buildResolve, dedupKey, PAGERDUTY_DEFAULT_URL, PAGERDUTY_SEVERITY } from './transports/pagerduty.events';
export {
  signBody,
  signTimestamped,
  verifySignedRequest,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  TIMESTAMP_SIGNATURE_HEADER,
  DELIVERY_HEADER,
} from './transports/webhook.signature';
export { toDetectionFinding, OCSF_VERSION, type OcsfDetectionFinding } from './transports/ocsf.mapper';
export { createRevocationEngine, decisionIdFor, type RevocationDecision, type RevocationEngine, type RevocationOutcome } from './revocation/revocation.engine';
export { createClickHouseAuditStore, createMemoryAuditStore, type RevocationAuditStore } from './revocation/revocation-audit.store';
export { createKongRevoker } from './revocation/kong-admin.revoker';
export { createHttpRevoker } from './revocation/http.revoker';
export type { Revoker, RevocationTarget } from './revocation/revocation.types';
export { buildPolicyDigest, sendPolicyDigest, slackDigestMessage, type DigestToken, type PolicyDigest } from './digest/policy-digest';
