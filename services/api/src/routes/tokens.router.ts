import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { getTokenUsage, listTokenInventory, searchAlerts, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Role } from '../auth/api-keys';
import { baselineBand } from './baseline-band';
import { cursorOf, encodeCursor, Fingerprint, Limit, Time } from './params';
import { validate } from './validate';

const DAY_MS = 86_400_000;

const ListQuery = z.object({
  limit: Limit,
  cursor: cursorOf(z.object({ fp: Fingerprint })).optional(),
});

const DetailQuery = z.object({ from: Time.optional(), to: Time.optional() });

export interface TokensRouterDeps {
  clickhouse: ClickHouse;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
  flags?: { longLivedDays?: number; dormantDays?: number; sharedIps?: number };
}

export function createTokensRouter(deps: TokensRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;

  router.get('/api/tokens', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(ListQuery, req.query, res);
    if (!q) return;
    const rows = await listTokenInventory(ch, {
      ...deps.flags,
      now: deps.now(),
      limit: q.limit + 1,
      ...(q.cursor ? { afterFp: q.cursor.fp } : {}),
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    res.json({ items: page, nextCursor: rows.length > q.limit && last ? encodeCursor({ fp: last.fp }) : null });
  });

  router.get('/api/tokens/:fp', deps.requireRole('viewer'), async (req, res) => {
    const fp = validate(Fingerprint, req.params.fp, res);
    if (fp === undefined) return;
    const q = validate(DetailQuery, req.query, res);
    if (!q) return;
    const to = q.to ?? deps.now() + 1;
    const from = q.from ?? to - 7 * DAY_MS;
    if (from >= to || to - from > 90 * DAY_MS) {
      res.status(400).json({ error: 'invalid request', problems: [{ path: 'from', message: 'from must be before to, at most 90 days apart' }] });
      return;
    }
    const [usage, alerts] = await Promise.all([getTokenUsage(ch, fp, { from, to }), searchAlerts(ch, { tokenFp: fp, limit: 100 })]);
    if (usage.hourly.length === 0 && alerts.length === 0) {
      res.status(404).json({ error: `no events or alerts for token ${fp} in the range` });
      return;
    }
    res.json({ fp, range: { from, to }, ...usage, band: baselineBand(usage.hourly, { from, to }), alerts });
  });

  return router;
}
