import { Registry, collectDefaultMetrics } from 'prom-client';

export { Registry, Counter, Histogram, Gauge } from 'prom-client';

/** One registry per process, passed to whoever registers metrics (never the global default). */
export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'tokenwatch_' });
  return registry;
}
