import type { Admin, Kafka } from 'kafkajs';

export interface KafkaReadinessProbe {
  /**
   * One metadata request, no retries, within the timeout. Rejects while no broker answers (e.g. the
   * cluster is down), so `/readyz` says not ready while the API keeps serving.
   */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A readiness probe that keeps one admin connection between probes (a probe every few seconds should
 * not open a connection each time); a failed probe drops the connection, and the next one opens a new one.
 */
export function createKafkaReadinessProbe(kafka: Kafka, timeoutMs = 3_000): KafkaReadinessProbe {
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;
  let inFlight: Promise<void> | undefined;

  const drop = () => {
    const stale = admin;
    admin = undefined;
    connected = undefined;
    return stale?.disconnect().catch(() => undefined);
  };

  const probe = async () => {
    if (!admin) {
      admin = kafka.admin({ retry: { retries: 0 } });
      connected = admin.connect();
    }
    const current = admin;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no Kafka broker answered within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([connected!.then(() => current.describeCluster()), timeout]);
    } catch (error) {
      // Not awaited: a connection stuck in a request would hold the answer past the timeout.
      void drop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    check() {
      // Probes that overlap (two /readyz requests at once) share one request.
      inFlight ??= probe().finally(() => (inFlight = undefined));
      return inFlight;
    },
    async close() {
      await inFlight?.catch(() => undefined);
      await drop();
    },
  };
}
