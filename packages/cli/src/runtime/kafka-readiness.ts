import type { ApiAppDeps } from '@tokenwatch/api';
import { createKafkaReadinessProbe, type Kafka } from '@tokenwatch/kafka';
import type { ShutdownStack } from '../commands/service-runtime';

/** `/readyz`'s check that the cluster answers; the probe's connection is closed with the process. */
export function kafkaReadiness(kafka: Kafka, stack: ShutdownStack): ApiAppDeps['readiness'][number] {
  const probe = createKafkaReadinessProbe(kafka);
  stack.push('kafka readiness probe', () => probe.close());
  return { name: 'kafka', check: () => probe.check() };
}
