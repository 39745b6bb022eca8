import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { alertQueuePage, countAlertQueue, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Role } from '../auth/api-keys';
import { ALERT_FILTER_FIELDS, alertSearchOf } from './alert-filters';
import { cursorOf, encodeCursor, Limit } from './params';
import { withLatestTriage } from './triage.router';
import { validate } from './validate';

const QueueQuery = z.object({
  ...ALERT_FILTER_FIELDS,
  limit: Limit,
  cursor: cursorOf(z.object({ rank: z.number().int(), ts: z.number().int(), id: z.string() })).optional(),
});

/** GET /api/queue: the triage queue over every alert, ordered by the server (firing first, severity, newest). */
export function createQueueRouter(deps: { clickhouse: ClickHouse; requireRole: (role: Role) => RequestHandler }): Router {
  const router = Router();
  const ch = deps.clickhouse;
  router.get('/api/queue', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(QueueQuery, req.query, res);
    if (!q) return;
    const filters = alertSearchOf(q);
    const [alerts, total] = await Promise.all([
      alertQueuePage(ch, { ...filters, ...(q.cursor ? { after: q.cursor } : {}), limit: q.limit + 1 }),
      countAlertQueue(ch, filters),
    ]);
    const page = alerts.slice(0, q.limit);
    const last = page.at(-1);
    res.json({
      items: await withLatestTriage(
        ch,
        page.map(({ rank: _rank, ...a }) => a),
      ),
      total,
      nextCursor: alerts.length > q.limit && last ? encodeCursor({ rank: last.rank, ts: last.ts, id: last.id }) : null,
    });
  });
  return router;
}
