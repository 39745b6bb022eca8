import { setTimeout as sleep } from 'node:timers/promises';
import { retry, type RetryPolicy } from '@tokenwatch/common';
import { Kafka, logLevel, type logCreator } from 'kafkajs';
import { KafkaAccessError, explainKafkaError, type KafkaErrorContext } from './kafka-access.error';
import type { KafkaClientOptions } from './kafka-client';
import { kafkajsSecurityOptions } from './kafka-security';
import { isTransientKafkaError } from './kafka-transient';

export interface KafkaAccessCheckOptions {
  /** How long an unreachable cluster is waited for (it may be starting); default 20 s. */
  waitMs?: number;
  /** A consumer group the process will join: checked too, so that a missing group ACL fails here. */
  consumerGroup?: string;
  /** The clock and the pause between attempts (tests pass their own); default the wall clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface KafkaAccess {
  clusterId: string;
  brokers: number;
}

/**
 * Connects once with the process's settings before any consumer or producer starts, so that a
 * wrong password, an untrusted CA or a wrong server name fails at once with one clear line instead
 * of after kafkajs' connection retries. Only a transient failure (an unreachable or starting
 * cluster: `isTransientKafkaError`) is tried again, with backoff and full jitter, for `waitMs`; any
 * other is thrown at once.
 */
export async function checkKafkaAccess(
  options: KafkaClientOptions,
  context: Omit<KafkaErrorContext, 'brokers' | 'security'> = {},
  check: KafkaAccessCheckOptions = {},
): Promise<KafkaAccess> {
  const coordinatorErrors: unknown[] = [];
  const kafka = new Kafka({
    clientId: `${options.clientId}-check`,
    brokers: options.brokers,
    ...kafkajsSecurityOptions(options.security),
    logLevel: logLevel.DEBUG,
    logCreator: keepCoordinatorErrors(coordinatorErrors),
    connectionTimeout: 5_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
  });
  const errorContext: KafkaErrorContext = { ...context, brokers: options.brokers, ...(options.security ? { security: options.security } : {}) };
  const waitMs = check.waitMs ?? 20_000;
  const now = check.now ?? Date.now;
  const pause = check.sleep ?? sleep;
  const deadline = now() + waitMs;
  const connectOnce = async (): Promise<KafkaAccess> => {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (check.consumerGroup !== undefined) await admin.fetchOffsets({ groupId: check.consumerGroup, topics: [] });
      return { clusterId: cluster.clusterId, brokers: cluster.brokers.length };
    } catch (error) {
      // A setting's fault becomes its KafkaAccessError, which is not retriable.
      throw explainKafkaError(error, errorContext) ?? explainKafkaError({ errors: coordinatorErrors.splice(0) }, errorContext) ?? error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  const policy: RetryPolicy = { maxAttempts: 1, baseDelayMs: 250, maxDelayMs: 3_000, retryForMs: waitMs };
  try {
    return await retry(connectOnce, policy, {
      isRetriable: isTransientKafkaError,
      now,
      // No pause runs past the deadline.
      sleep: (ms) => pause(Math.min(ms, Math.max(0, deadline - now()))).then(() => undefined),
    });
  } catch (error) {
    throw error instanceof KafkaAccessError ? error : unreachable(error, errorContext);
  }
}

/**
 * kafkajs drops the reason a group coordinator lookup failed (a GROUP_AUTHORIZATION_FAILED among
 * them) and reports only "Failed to find group coordinator"; its debug log still carries it.
 */
function keepCoordinatorErrors(into: unknown[]): logCreator {
  return () =>
    ({ log }) => {
      const error = (log as { error?: unknown }).error;
      if (log.message === 'Tried to find group coordinator' && typeof error === 'object' && error !== null) into.push(error);
    };
}

function unreachable(error: unknown, context: KafkaErrorContext): KafkaAccessError {
  const why = error instanceof Error ? error.message : String(error);
  const plain = context.security === undefined || context.security.protocol === 'PLAINTEXT' || context.security.protocol === 'SASL_PLAINTEXT';
  return new KafkaAccessError(
    `cannot reach Kafka at ${context.brokers.join(',')} (${why})`,
    `check KAFKA_BROKERS and that the cluster accepts connections from here${plain ? '; if its listener uses TLS, set KAFKA_SECURITY_PROTOCOL=SSL or SASL_SSL' : ''}`,
    { cause: error },
  );
}

/** Runs `work` and turns a Kafka error caused by a setting into its clear KafkaAccessError. */
export async function withKafkaErrors<T>(context: KafkaErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw explainKafkaError(error, context) ?? error;
  }
}
