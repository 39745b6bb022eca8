import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  getAlertById,
  getLastLocatedEventBefore,
  getTokenPlaces,
  getTokenEventsInWindow,
  getTokenIdentity,
  listAlertTriage,
  listSilences,
  searchAlerts,
  silenceApplies,
  type ClickHouse,
} from '@tokenwatch/clickhouse';
import type { Alert } from '@tokenwatch/contracts';
import type { Role } from '../auth/api-keys';
import { alertPath } from './alert-path';
import { ALERT_FILTER_FIELDS, alertSearchOf } from './alert-filters';
import { AlertId, cursorOf, encodeCursor, Limit } from './params';
import { silenceView } from './silence.params';
import { triageView, withLatestTriage } from './triage.router';
import { validate } from './validate';

const ListQuery = z.object({
  ...ALERT_FILTER_FIELDS,
  limit: Limit,
  cursor: cursorOf(z.object({ ts: z.number().int(), id: z.string() })).optional(),
});

const DAY_MS = 86_400_000;
const USUAL_PLACES_DAYS = 30;

export interface AlertsRouterDeps {
  clickhouse: ClickHouse;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
  /** Most evidence events returned with an alert (default 200). */
  evidenceLimit?: number;
}

/** Observed vs baseline per signal, and the explanation lines of an alert. */
export function explainAlert(alert: Alert) {
  return {
    summary: alert.summary,
    lines: alert.signals.map((s) => s.detail),
    comparisons: alert.signals.map((s) => ({ type: s.type, score: s.score, observed: s.observed, baseline: s.expected })),
  };
}

export function createAlertsRouter(deps: AlertsRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;

  router.get('/api/alerts', deps.requireRole('viewer'), async (req, res) => {
    const q = validate(ListQuery, req.query, res);
    if (!q) return;
    const alerts = await searchAlerts(ch, {
      ...alertSearchOf(q),
      ...(q.cursor ? { after: q.cursor } : {}),
      limit: q.limit + 1,
    });
    const page = alerts.slice(0, q.limit);
    const last = page.at(-1);
    res.json({
      items: await withLatestTriage(ch, page),
      nextCursor: alerts.length > q.limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null,
    });
  });

  router.get('/api/alerts/:id', deps.requireRole('viewer'), async (req, res) => {
    const id = validate(AlertId, req.params.id, res);
    if (id === undefined) return;
    const alert = await getAlertById(ch, id);
    if (!alert) {
      res.status(404).json({ error: `alert ${id} not found` });
      return;
    }
    const now = deps.now();
    const [evidence, history, silences, identity, usualPlaces, cameFrom] = await Promise.all([
      getTokenEventsInWindow(ch, alert.token.fp, { from: alert.window.start, to: alert.window.end }, deps.evidenceLimit ?? 200),
      listAlertTriage(ch, id),
      listSilences(ch, { now }),
      getTokenIdentity(ch, alert.token.fp),
      getTokenPlaces(ch, alert.token.fp, { from: alert.window.start - USUAL_PLACES_DAYS * DAY_MS, to: alert.window.start, limit: 200 }),
      getLastLocatedEventBefore(ch, alert.token.fp, alert.window.start),
    ]);
    const target = { tokenFp: alert.token.fp, consumer: identity?.consumer ?? null, signals: alert.signals.map((s) => s.type) };
    res.json({
      alert,
      explanation: explainAlert(alert),
      evidence,
      /** Where the token was used in the 30 days before the alert, and the path of the alert's requests. */
      usualPlaces,
      path: alertPath(evidence, cameFrom),
      triage: triageView(history[0]),
      triageHistory: history.map((t) => triageView(t)),
      /** Silences that mute this alert's notifications now. */
      silencedBy: silences.filter((s) => silenceApplies(s, target, now)).map((s) => silenceView(s, now)),
    });
  });

  return router;
}
