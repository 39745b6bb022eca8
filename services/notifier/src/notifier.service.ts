import { Alert, topicNames } from '@tokenwatch/contracts';
import { getTokenIdentity, type ClickHouse } from '@tokenwatch/clickhouse';
import {
  createProducer,
  ensureTopics,
  runBatchConsumer,
  sendDeadLetters,
  type DeadLetter,
  type Kafka,
  type MessageProducer,
  type RunningConsumer,
} from '@tokenwatch/kafka';
import type { Logger, Registry } from '@tokenwatch/observability';
import { createClickHouseLedgerBackend } from './delivery/clickhouse.ledger';
import { createKafkaDeadLetterSink, notificationsDlqTopic } from './delivery/dead-letter.sink';
import { DeliveryLedger } from './delivery/delivery.ledger';
import { assembleNotifier } from './notifier.assembly';
import type { NotifierConfig } from './notifier.config';
import { systemClock, type Clock, type TokenLookup, type Transport } from './notifier.types';
import { createClickHouseAuditStore } from './revocation/revocation-audit.store';
import type { Revoker } from './revocation/revocation.types';
import { createClickHouseSilenceStore } from './silences/clickhouse-silence.store';
import type { SilenceStore } from './silences/silence.store';

export interface NotifierServiceDeps {
  kafka: Kafka;
  /** Holds the delivery ledger and the revocation audit (migration 003). */
  clickhouse: ClickHouse;
  config: NotifierConfig;
  registry: Registry;
  log: Logger;
  clock?: Clock;
  /** Token profile lookup; default: the token's latest access event in ClickHouse (kind, consumer, credential id). */
  lookupToken?: TokenLookup;
  /** Default: the shared silences in ClickHouse (migration 007), re-read every 5 s. */
  silences?: SilenceStore;
  /** Partitions of topics created when missing (alerts, OCSF). Default 6. */
  partitions?: number;
  /** Default `<groupPrefix>-notify`. */
  groupId?: string;
  /** How often held alerts and repeats are checked. Default 5 s. */
  tickMs?: number;
  transports?: readonly Transport[];
  revoker?: Revoker;
}

export interface RunningNotifier {
  /** Stops intake, finishes the in-flight batch (delivered or dead-lettered, then committed), closes the producer. */
  stop(): Promise<void>;
}

/** The default token lookup: how the gateway last identified the token. */
export function clickHouseTokenLookup(ch: ClickHouse): TokenLookup {
  return async (fp) => {
    const identity = await getTokenIdentity(ch, fp);
    if (!identity) return undefined;
    return { kind: identity.kind, consumer: identity.consumer, credentialId: identity.kind === 'credential_id' ? identity.hint : null };
  };
}

/** Heartbeats while a batch waits on receivers (rate gates, retries), so the group keeps this member. */
async function withHeartbeats<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 2_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * The notifier service: consumes tokenwatch.alerts.v1 and commits a batch's offsets only after
 * every alert in it was delivered, held durably in its group (ledger), suppressed, or dead-lettered
 * to tokenwatch.notifications.v1.dlq. A message that is not Alert v1 goes to the same DLQ as is.
 */
export async function startNotifier(deps: NotifierServiceDeps): Promise<RunningNotifier> {
  const { config, log, kafka } = deps;
  const clock = deps.clock ?? systemClock;
  const topics = topicNames(config.topicPrefix);
  const dlqTopic = notificationsDlqTopic(config.topicPrefix);
  const partitions = deps.partitions ?? 6;
  await ensureTopics(kafka, [
    { topic: topics.alerts, partitions },
    { topic: dlqTopic, partitions: 1 },
    ...(config.ocsf && 'topic' in config.ocsf ? [{ topic: config.ocsf.topic, partitions }] : []),
  ]);
  const producer: MessageProducer = await createProducer(kafka);
  const notifier = assembleNotifier({
    config,
    log,
    registry: deps.registry,
    clock,
    producer,
    deadLetters: createKafkaDeadLetterSink(producer, dlqTopic),
    ledger: new DeliveryLedger(createClickHouseLedgerBackend(deps.clickhouse)),
    audit: createClickHouseAuditStore(deps.clickhouse),
    lookupToken: deps.lookupToken ?? clickHouseTokenLookup(deps.clickhouse),
    silences:
      deps.silences ??
      createClickHouseSilenceStore(deps.clickhouse, {
        now: clock.now,
        onRefreshError: (err) => log.warn({ err }, 'cannot refresh silences; using the last list'),
      }),
    ...(deps.transports ? { transports: deps.transports } : {}),
    ...(deps.revoker ? { revoker: deps.revoker } : {}),
  });
  let consumer: RunningConsumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  try {
    await notifier.start();
    const restored = await notifier.engine.recover(clock.now() - 86_400_000);
    if (restored > 0) log.info({ restored }, 'resumed alerts held in groups before the restart');
    consumer = await runBatchConsumer({
      kafka,
      groupId: deps.groupId ?? `${config.groupPrefix}-notify`,
      topics: [topics.alerts],
      onRetry: (error, attempt, where) => log.warn({ err: error, attempt, ...where }, 'notify batch failed; retrying'),
      handle: async (messages, context) => {
        const alerts: Alert[] = [];
        const letters: DeadLetter[] = [];
        for (const message of messages) {
          const parsed = safeAlert(message.value);
          if (parsed.ok) alerts.push(parsed.alert);
          else letters.push({ message, reason: parsed.reason });
        }
        await sendDeadLetters(producer, dlqTopic, letters, clock.now());
        await withHeartbeats(context.heartbeat, () => notifier.engine.handle(alerts, { isActive: () => context.isActive() && !stopping }));
      },
    });
    timer = setInterval(() => {
      notifier.engine.tick({ isActive: () => !stopping }).catch((err: unknown) => log.error({ err }, 'notifier tick failed'));
    }, deps.tickMs ?? 5_000);
    timer.unref();
  } catch (error) {
    await consumer?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  log.info({ topic: topics.alerts, dlq: dlqTopic, transports: [...notifier.transports.keys()], revocation: config.revocation.mode }, 'notifier started');
  return {
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await consumer?.stop();
      // Wait for a tick in flight, then close the transports and the producer.
      await notifier.engine.tick({ isActive: () => false }).catch(() => undefined);
      for (const transport of notifier.transports.values()) await transport.close?.();
      await producer.disconnect();
    },
  };
}

function safeAlert(value: Buffer | null): { ok: true; alert: Alert } | { ok: false; reason: string } {
  if (value === null) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  const parsed = Alert.safeParse(json);
  if (parsed.success) return { ok: true, alert: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `not an Alert v1: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}` };
}
