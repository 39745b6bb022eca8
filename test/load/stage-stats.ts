import type { Registry } from '@tokenwatch/observability';

/**
 * Per pipeline stage that ran (normalize and score, or `direct`: both in one consumer with
 * TOKENWATCH_EVENTS_HOP=memory): batches handled, mean messages per batch and mean seconds per batch,
 * from the ingest metrics.
 */
export async function stageStats(registry: Registry): Promise<Array<[string, string]>> {
  const metrics = await registry.getMetricsAsJSON();
  const find = (name: string) => metrics.find((m) => m.name === name)?.values ?? [];
  const messages = find('tokenwatch_ingest_messages_in_total');
  const durations = find('tokenwatch_ingest_batch_duration_seconds');
  const ran = ['normalize', 'score', 'direct'].filter((stage) => messages.some((v) => v.labels.stage === stage));
  return ran.map((stage): [string, string] => {
    const count = Number(durations.find((v) => v.labels.stage === stage && String((v as { metricName?: string }).metricName).endsWith('_count'))?.value ?? 0);
    const sum = Number(durations.find((v) => v.labels.stage === stage && String((v as { metricName?: string }).metricName).endsWith('_sum'))?.value ?? 0);
    const records = Number(messages.find((v) => v.labels.stage === stage)?.value ?? 0);
    const perBatch = count > 0 ? Math.round(records / count) : 0;
    const ms = count > 0 ? ((sum / count) * 1000).toFixed(0) : '0';
    return [`${stage} batches`, `${count} (mean ${perBatch} messages, ${ms} ms to durable)`];
  });
}

/** Raw records the pipeline has handled so far (normalize, or `direct`), from the ingest metrics. */
export async function recordsHandled(registry: Registry): Promise<number> {
  const metrics = await registry.getMetricsAsJSON();
  const messages = metrics.find((m) => m.name === 'tokenwatch_ingest_messages_in_total')?.values ?? [];
  return messages.filter((v) => v.labels.stage === 'normalize' || v.labels.stage === 'direct').reduce((sum, v) => sum + Number(v.value), 0);
}
