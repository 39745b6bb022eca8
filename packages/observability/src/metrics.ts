import { Registry, collectDefaultMetrics } from 'prom-client';

export { Registry, Counter, Histogram, Gauge } from 'prom-client';

/** One registry per process, passed to whoever registers metrics (never the global default). */
export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'tokenwatch_' });
    // Gauges whose names end in _total fail `promtool check metrics`; the handle counts are not worth it.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      registry.removeSingleMetric(`tokenwatch_${name}`);
    }
  }
  return registry;
}
