import type { MessageProducer } from '@tokenwatch/kafka';
import { createMetricsRegistry, type Logger, type Registry } from '@tokenwatch/observability';
import type { DeadLetterSink } from './delivery/dead-letter.sink';
import { DeliveryLedger } from './delivery/delivery.ledger';
import { enabledTransports, type NotifierConfig } from './notifier.config';
import { NotifierEngine } from './notifier.engine';
import { createNotifierMetrics } from './notifier.metrics';
import { systemClock, type Clock, type TokenLookup, type Transport } from './notifier.types';
import { createMemoryAuditStore, type RevocationAuditStore } from './revocation/revocation-audit.store';
import { createRevocationEngine } from './revocation/revocation.engine';
import type { Revoker } from './revocation/revocation.types';
import { unconfiguredTransports } from './routing/routing.rules';
import { createProfileResolver } from './routing/token-profile';
import { createFileSilenceStore, type SilenceStore } from './silences/silence.store';
import { createRevoker, createTransports } from './transports/transport.registry';

/** Everything the notifier logic runs on; what is not given gets a default. */
export interface NotifierParts {
  config: NotifierConfig;
  log: Logger;
  deadLetters: DeadLetterSink;
  registry?: Registry;
  /** Time of the notifier's logic: groups, windows, repeats, silences, the hourly revocation limit. */
  clock?: Clock;
  /** Time of the transports (rate gates, Retry-After dates) and of waits. Default: `clock`, else the system clock. */
  wallClock?: Clock;
  /** Default: an in-memory ledger (redeliveries within this process only). */
  ledger?: DeliveryLedger;
  /** Default: in memory (no durable audit trail). */
  audit?: RevocationAuditStore;
  /** Default: the JSON file at config.silencesFile (the Kafka service passes the ClickHouse store). */
  silences?: SilenceStore;
  lookupToken?: TokenLookup;
  producer?: MessageProducer;
  /** Replace or add transports (e.g. tests); keyed by name. */
  transports?: readonly Transport[];
  /** Replaces the configured revoker. */
  revoker?: Revoker;
  random?: () => number;
}

export interface AssembledNotifier {
  engine: NotifierEngine;
  transports: Map<string, Transport>;
  start(): Promise<void>;
}

export function assembleNotifier(parts: NotifierParts): AssembledNotifier {
  const { config, log } = parts;
  const clock = parts.clock ?? systemClock;
  const wallClock = parts.wallClock ?? parts.clock ?? systemClock;
  const metrics = createNotifierMetrics(parts.registry ?? createMetricsRegistry({ defaultMetrics: false }));
  const transports = createTransports(config, {
    clock: wallClock,
    ...(parts.producer ? { producer: parts.producer } : {}),
    ...(parts.transports ? { extra: parts.transports } : {}),
  });
  const missing = unconfiguredTransports(config.routing, enabledTransports(config)).filter((t) => !transports.has(t));
  if (missing.length > 0) log.warn({ transports: missing }, 'routing names transports that are not configured; alerts routed only there are not sent');
  const revoker = parts.revoker ?? createRevoker(config, wallClock);
  const revocation = createRevocationEngine({
    mode: config.revocation.mode,
    policy: config.revocation.policy,
    ...(revoker ? { revoker } : {}),
    audit: parts.audit ?? createMemoryAuditStore(),
    clock,
    onDecision: (d) => {
      metrics.revocations.inc({ mode: d.mode, outcome: d.outcome });
      const level = d.outcome === 'failed' ? 'error' : d.verdict === 'revoke' ? 'warn' : 'info';
      log[level](
        { decision: d.decisionId, alertId: d.alertId, tokenFp: d.tokenFp, mode: d.mode, outcome: d.outcome, action: d.action, reason: d.reason },
        'revocation decision',
      );
    },
  });
  const engine = new NotifierEngine({
    routing: config.routing,
    transports,
    ledger: parts.ledger ?? new DeliveryLedger(),
    deadLetters: parts.deadLetters,
    silences: parts.silences ?? createFileSilenceStore(config.silencesFile),
    revocation,
    profiles: createProfileResolver(config.routing, parts.lookupToken, clock.now, { onLookupError: (err) => log.warn({ err }, 'token lookup failed') }),
    clock,
    wallClock,
    retry: config.retry,
    metrics,
    log,
    ...(parts.random ? { random: parts.random } : {}),
  });
  return { engine, transports, start: () => revocation.start() };
}
