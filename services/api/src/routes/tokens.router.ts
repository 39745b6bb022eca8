import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  getTokenBaselineSummary,
  getTokenIps,
  getTokenLifecycleFacts,
  getTokenPlaces,
  getTokenUsage,
  listTokenInventory,
  searchAlerts,
  type ClickHouse,
} from '@tokenwatch/clickhouse';
import { DEFAULT_SENSITIVE_PATTERNS } from '@tokenwatch/detector';
import { assessLifecycle, DEFAULT_TOKEN_POLICY, POLICY_STATES, type TokenPolicy } from '@tokenwatch/lifecycle';
import type { Role } from '../auth/api-keys';
import { inventoryCsv } from '../risk/inventory.csv';
import { INVENTORY_SORTS, inventoryPage } from '../risk/inventory.view';
import { networksOf, type NetworkOf } from './token-networks';
import { DEFAULT_RISK_THRESHOLDS, RISK_FLAGS, sensitiveRouteTest, type RiskThresholds } from '../risk/token-risk';
import { baselineBand, detectorBand } from './baseline-band';
import { csvOf, cursorOf, encodeCursor, Fingerprint, Limit, Time } from './params';
import { validate } from './validate';

const DAY_MS = 86_400_000;
/** Most tokens one inventory request assesses; beyond it the answer says `truncated`. */
export const INVENTORY_MAX_TOKENS = 50_000;

const ListQuery = z.object({
  sort: z.enum(INVENTORY_SORTS).default('risk'),
  flag: csvOf(RISK_FLAGS).optional(),
  policy: csvOf(POLICY_STATES).optional(),
  /** csv: every matching token (no paging) as a CSV attachment. */
  format: z.enum(['json', 'csv']).default('json'),
  limit: Limit,
  cursor: cursorOf(z.object({ sort: z.enum(INVENTORY_SORTS), key: z.number(), fp: Fingerprint })).optional(),
});

const DetailQuery = z.object({ from: Time.optional(), to: Time.optional() });

export interface TokensRouterDeps {
  clickhouse: ClickHouse;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
  /** Risk flag thresholds (defaults: DEFAULT_RISK_THRESHOLDS). */
  flags?: Partial<RiskThresholds>;
  /** Patterns of sensitive "METHOD /route" (default: the detector's sensitive_endpoint patterns). */
  sensitiveRoutes?: readonly RegExp[];
  /** Token lifecycle policy (default: DEFAULT_TOKEN_POLICY). */
  tokenPolicy?: TokenPolicy;
  /** The network (AS, operator, class) of an address; absent: addresses are listed without one. */
  networkOf?: NetworkOf;
}

export function createTokensRouter(deps: TokensRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, ...deps.flags };
  const policy = deps.tokenPolicy ?? DEFAULT_TOKEN_POLICY;
  const isSensitiveRoute = sensitiveRouteTest(deps.sensitiveRoutes ?? DEFAULT_SENSITIVE_PATTERNS.map((p) => new RegExp(p, 'i')));

  router.get('/api/tokens', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(ListQuery, req.query, res);
    if (!q) return;
    if (q.cursor && q.cursor.sort !== q.sort) {
      res.status(400).json({ error: 'invalid request', problems: [{ path: 'cursor', message: `this cursor pages sort=${q.cursor.sort}` }] });
      return;
    }
    const rows = await listTokenInventory(ch, { limit: INVENTORY_MAX_TOKENS + 1 });
    const csv = q.format === 'csv';
    const page = inventoryPage(
      rows.slice(0, INVENTORY_MAX_TOKENS),
      { sort: q.sort, flags: q.flag ?? [], policy: q.policy ?? [], limit: csv ? INVENTORY_MAX_TOKENS : q.limit, ...(q.cursor ? { after: q.cursor } : {}) },
      { ...thresholds, now: deps.now(), isSensitiveRoute, policy },
    );
    if (csv) {
      res.type('text/csv; charset=utf-8').attachment('tokens.csv').send(inventoryCsv(page.items));
      return;
    }
    res.json({ items: page.items, total: page.total, truncated: rows.length > INVENTORY_MAX_TOKENS, nextCursor: page.next ? encodeCursor(page.next) : null });
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
    const [usage, alerts, baseline, facts, ips, places] = await Promise.all([
      getTokenUsage(ch, fp, { from, to }),
      searchAlerts(ch, { tokenFp: fp, limit: 100 }),
      getTokenBaselineSummary(ch, fp),
      getTokenLifecycleFacts(ch, fp),
      getTokenIps(ch, fp, { from, to, limit: 500 }),
      getTokenPlaces(ch, fp, { from, to, limit: 200 }),
    ]);
    if (usage.hourly.length === 0 && alerts.length === 0) {
      res.status(404).json({ error: `no events or alerts for token ${fp} in the range` });
      return;
    }
    // The detector's own baseline once it has learned the token; before that, the range's own hours.
    const learned = baseline !== undefined && baseline.learning === 'active';
    const band = learned ? detectorBand(usage.hourly, { from, to }, baseline) : baselineBand(usage.hourly, { from, to });
    const learning = baseline ? { state: baseline.learning, events: baseline.events, lastSeen: baseline.lastSeen } : null;
    const lifecycle = facts ? { ...facts, ...assessLifecycle(facts, policy, deps.now()) } : null;
    const networks = networksOf(ips, deps.networkOf);
    res.json({ fp, range: { from, to }, ...usage, band, bandSource: learned ? 'detector' : 'observed', learning, lifecycle, networks, places, alerts });
  });

  return router;
}
