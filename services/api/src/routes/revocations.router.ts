import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { listRevocationAudit, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Role } from '../auth/api-keys';
import { Fingerprint } from './params';
import { validate } from './validate';

const Query = z.object({ token: Fingerprint.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** `GET /api/revocations`: the revocation audit trail (every step of every decision), newest first. */
export function createRevocationsRouter(deps: { clickhouse: ClickHouse; requireRole: (role: Role) => RequestHandler }): Router {
  const router = Router();
  router.get('/api/revocations', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(Query, req.query, res);
    if (!q) return;
    const rows = await listRevocationAudit(deps.clickhouse, { ...(q.token ? { tokenFp: q.token } : {}), limit: q.limit });
    res.json({ items: rows });
  });
  return router;
}
