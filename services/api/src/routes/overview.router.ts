import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { alertsOverTime, countAlertQueue, storedEventsOverTime, topAlertSignals, topAlertTokens, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Registry } from '@tokenwatch/observability';
import type { Role } from '../auth/api-keys';
import { createPipelineMetricsReader } from '../overview/pipeline-metrics';
import { validate } from './validate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Each range with the bucket its charts use. */
export const OVERVIEW_RANGES = {
  '1h': { span: HOUR, bucket: 5 * MINUTE },
  '24h': { span: 24 * HOUR, bucket: HOUR },
  '7d': { span: 7 * 24 * HOUR, bucket: 6 * HOUR },
  '30d': { span: 30 * 24 * HOUR, bucket: 24 * HOUR },
} as const;

const OverviewQuery = z.object({ range: z.enum(Object.keys(OVERVIEW_RANGES) as [keyof typeof OVERVIEW_RANGES]).default('24h') });

export interface OverviewRouterDeps {
  clickhouse: ClickHouse;
  registry: Registry;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
}

/** GET /api/overview: alerts over time by severity, top signals and tokens, stored events, and the pipeline's lag and rejections. */
export function createOverviewRouter(deps: OverviewRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;
  const pipeline = createPipelineMetricsReader(deps.registry, deps.now);
  router.get('/api/overview', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(OverviewQuery, req.query, res);
    if (!q) return;
    const { span, bucket } = OVERVIEW_RANGES[q.range];
    // Whole buckets, so the first and last bars are comparable with the others.
    const to = Math.ceil((deps.now() + 1) / bucket) * bucket;
    const range = { from: to - span, to };
    const [alerts, signals, tokens, events, firing, metrics] = await Promise.all([
      alertsOverTime(ch, { ...range, bucketMs: bucket }),
      topAlertSignals(ch, { ...range, limit: 10 }),
      topAlertTokens(ch, { ...range, limit: 10 }),
      storedEventsOverTime(ch, { ...range, bucketMs: bucket }),
      countAlertQueue(ch, { states: ['firing'] }),
      pipeline(),
    ]);
    res.json({
      range: { ...range, bucket, name: q.range },
      firing,
      alertsOverTime: alerts,
      topSignals: signals,
      topTokens: tokens,
      eventsOverTime: events,
      pipeline: metrics,
    });
  });
  return router;
}
