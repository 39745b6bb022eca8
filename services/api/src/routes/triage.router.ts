import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  createSilence,
  getAlertById,
  getTokenIdentity,
  insertAlertTriage,
  latestAlertTriage,
  type AlertTriageRow,
  type ClickHouse,
  type NewSilence,
} from '@tokenwatch/clickhouse';
import type { Alert } from '@tokenwatch/contracts';
import { principalOf } from '../auth/auth.middleware';
import type { Role } from '../auth/api-keys';
import { AlertId } from './params';
import { SilenceDuration, silenceView } from './silence.params';
import { validate } from './validate';

const Reason = z.string().trim().min(3).max(2000);
const TRIAGE_ACTIONS = { ack: 'ack', resolve: 'resolve', 'false-positive': 'false_positive' } as const;

/** What a false positive may silence from now on: its token's alerts of the same signal types, all of its token's alerts, or its consumer's of those types. */
export const SUPPRESS_SCOPES = ['token-signal', 'token', 'consumer-signal'] as const;
type SuppressScope = (typeof SUPPRESS_SCOPES)[number];
const Suppress = z.object({ for: SilenceDuration, scope: z.enum(SUPPRESS_SCOPES).default('token-signal') }).strict();

const TriageBody = z.object({ reason: Reason }).strict();
const FalsePositiveBody = z.object({ reason: Reason, suppress: Suppress.optional() }).strict();

export function triageView(t: AlertTriageRow | undefined) {
  return t ? { action: t.action, reason: t.reason, by: { role: t.actor_role, name: t.actor_name }, at: t.recorded_at } : null;
}

/** A page of alerts, each with its latest triage (null when untriaged). */
export async function withLatestTriage<A extends Alert>(ch: ClickHouse, page: readonly A[]): Promise<Array<A & { triage: ReturnType<typeof triageView> }>> {
  const triage = await latestAlertTriage(
    ch,
    page.map((a) => a.id),
  );
  return page.map((a) => ({ ...a, triage: triageView(triage.get(a.id)) }));
}

export interface TriageRouterDeps {
  clickhouse: ClickHouse;
  requireRole: (role: Role) => RequestHandler;
  now: () => number;
}

type Suppression = { ok: true; silence: Omit<NewSilence, 'createdBy'> } | { ok: false; error: string };

/** The silence a false positive asks for; the consumer comes from the token's latest access event. */
async function suppression(ch: ClickHouse, alert: Alert, s: { for: number; scope: SuppressScope }, reason: string, now: number): Promise<Suppression> {
  const signals = [...new Set(alert.signals.map((x) => x.type))];
  const window = { startsAt: now, endsAt: now + s.for, comment: `False positive (alert ${alert.id}): ${reason}`.slice(0, 1000) };
  if (s.scope === 'token') return { ok: true, silence: { ...window, matchers: { token: alert.token.fp } } };
  if (s.scope === 'token-signal') return { ok: true, silence: { ...window, matchers: { token: alert.token.fp, signals } } };
  const consumer = (await getTokenIdentity(ch, alert.token.fp))?.consumer;
  if (!consumer) return { ok: false, error: 'the consumer of this token is unknown: use scope token-signal or token' };
  return { ok: true, silence: { ...window, matchers: { consumer, signals } } };
}

/** `POST /api/alerts/:id/ack|resolve|false-positive`; a false positive may create a silence (`suppress`). */
export function createTriageRouter(deps: TriageRouterDeps): Router {
  const router = Router();
  const ch = deps.clickhouse;

  router.post('/api/alerts/:id/:action', deps.requireRole('responder'), async (req, res) => {
    const params = validate(z.object({ id: AlertId, action: z.enum(['ack', 'resolve', 'false-positive']) }), req.params, res);
    if (!params) return;
    const body = validate(params.action === 'false-positive' ? FalsePositiveBody : TriageBody, req.body ?? {}, res);
    if (!body) return;
    const alert = await getAlertById(ch, params.id);
    if (!alert) {
      res.status(404).json({ error: `alert ${params.id} not found` });
      return;
    }
    const now = deps.now();
    const asked = (body as z.infer<typeof FalsePositiveBody>).suppress;
    const suppress = asked ? await suppression(ch, alert, asked, body.reason, now) : undefined;
    if (suppress && !suppress.ok) {
      res.status(422).json({ error: suppress.error });
      return;
    }
    const who = principalOf(res);
    const row: AlertTriageRow = {
      alert_id: alert.id,
      token_fp: alert.token.fp,
      action: TRIAGE_ACTIONS[params.action],
      reason: body.reason,
      actor_role: who.role,
      actor_name: who.name,
      recorded_at: now,
    };
    await insertAlertTriage(ch, row);
    const silence = suppress?.ok ? await createSilence(ch, { ...suppress.silence, createdBy: who.name }, now) : undefined;
    res.status(201).json({ alertId: alert.id, triage: triageView(row), ...(silence ? { silence: silenceView(silence, now) } : {}) });
  });

  return router;
}
