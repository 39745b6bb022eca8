import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { createSilence, expireSilence, listSilences, type ClickHouse } from '@tokenwatch/clickhouse';
import { principalOf } from '../auth/auth.middleware';
import type { Role } from '../auth/api-keys';
import { newSilenceBody, silenceView } from './silence.params';
import { validate } from './validate';

const ListQuery = z.object({
  all: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
const SilenceId = z.string().min(1).max(64);

export interface SilencesRouterDeps {
  clickhouse: ClickHouse;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
}

/**
 * Silences shared with the notifier (ClickHouse `silences`): it re-reads them every few seconds,
 * so a silence created or expired here applies to notifications within that time.
 */
export function createSilencesRouter(deps: SilencesRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;

  router.get('/api/silences', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(ListQuery, req.query, res);
    if (!q) return;
    const now = deps.now();
    const items = await listSilences(ch, { now, all: q.all, limit: q.limit });
    res.json({ items: items.map((s) => silenceView(s, now)) });
  });

  router.post('/api/silences', deps.requireRole('responder'), async (req, res) => {
    const now = deps.now();
    const body = validate(newSilenceBody(now), req.body ?? {}, res);
    if (!body) return;
    const silence = await createSilence(ch, { ...body, createdBy: principalOf(res).name }, now);
    res.status(201).json(silenceView(silence, now));
  });

  router.delete('/api/silences/:id', deps.requireRole('responder'), async (req, res) => {
    const id = validate(SilenceId, req.params.id, res);
    if (id === undefined) return;
    const now = deps.now();
    const silence = await expireSilence(ch, id, { now, by: principalOf(res).name });
    if (!silence) {
      res.status(404).json({ error: `silence ${id} not found` });
      return;
    }
    res.json(silenceView(silence, now));
  });

  return router;
}
