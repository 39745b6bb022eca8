import type { Registry } from '@tokenwatch/observability';

/** What the overview shows of the pipeline, read from this process's Prometheus registry. */
export interface PipelineMetrics {
  /** false when no ingest runs in this process (the API alone: `run api`). */
  available: boolean;
  /** Access events stored by the score stage since the process started. */
  eventsStored: number;
  /** Stored per second since the previous reading (at least 1 s before), else null. */
  eventsPerSecond: number | null;
  consumerLag: { group: string; lag: number }[];
  rejections: { reason: string; count: number }[];
}

type MetricJson = { name: string; values: { value: number; labels: Record<string, string | number> }[] };

function sumBy(metric: MetricJson | undefined, label: string, filter: (labels: Record<string, string | number>) => boolean = () => true) {
  const sums = new Map<string, number>();
  for (const v of metric?.values ?? []) {
    if (!filter(v.labels)) continue;
    const key = String(v.labels[label] ?? '');
    sums.set(key, (sums.get(key) ?? 0) + v.value);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/**
 * Reads the pipeline's counters and gauges; the rate comes from the difference to the previous reading
 * (the first reading: since the reader was made, when the counters were 0, as the process started).
 */
export function createPipelineMetricsReader(registry: Registry, now: () => number) {
  let previous: { at: number; stored: number } | undefined = { at: now(), stored: 0 };
  return async (): Promise<PipelineMetrics> => {
    const metrics = (await registry.getMetricsAsJSON()) as unknown as MetricJson[];
    const byName = new Map(metrics.map((m) => [m.name, m]));
    const out = byName.get('tokenwatch_ingest_events_out_total');
    const stored = sumBy(out, 'stage', (l) => l.stage === 'score').reduce((n, [, v]) => n + v, 0);
    const at = now();
    const eventsPerSecond = previous && at - previous.at >= 1_000 ? Math.max(0, (stored - previous.stored) / ((at - previous.at) / 1_000)) : null;
    if (!previous || at - previous.at >= 1_000) previous = { at, stored };
    return {
      available: out !== undefined,
      eventsStored: stored,
      eventsPerSecond,
      consumerLag: sumBy(byName.get('tokenwatch_kafka_consumer_lag'), 'group').map(([group, lag]) => ({ group, lag })),
      rejections: sumBy(byName.get('tokenwatch_ingest_rejections_total'), 'reason').map(([reason, count]) => ({ reason, count })),
    };
  };
}
