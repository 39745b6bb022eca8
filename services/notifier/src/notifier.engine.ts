import { LruCache, serial, type RetryPolicy } from '@tokenwatch/common';
import type { Alert } from '@tokenwatch/contracts';
import type { Logger } from '@tokenwatch/observability';
import type { DeadLetterSink } from './delivery/dead-letter.sink';
import { ledgerKey, MAYBE_DELIVERED, type DeliveryLedger, type LedgerEntry, type LedgerKey } from './delivery/delivery.ledger';
import { dispatch, type DispatchContext } from './delivery/notification.dispatcher';
import { AlertGrouper } from './grouping/alert.grouper';
import type { NotifierMetrics } from './notifier.metrics';
import type { Clock, Notification, TokenProfile, Transport, TransportName } from './notifier.types';
import type { RevocationEngine } from './revocation/revocation.engine';
import type { RoutingFile } from './routing/routing-file.schema';
import { routeAlert, type RouteTarget } from './routing/routing.rules';
import type { ProfileResolver } from './routing/token-profile';
import { findSilence, type Silence, type SilenceStore } from './silences/silence.store';
import { stableId } from './util/text';

export interface EngineParts {
  routing: RoutingFile;
  transports: ReadonlyMap<TransportName, Transport>;
  ledger: DeliveryLedger;
  deadLetters: DeadLetterSink;
  silences: SilenceStore;
  revocation: RevocationEngine;
  profiles: ProfileResolver;
  clock: Clock;
  /** Time of retries and outages; default `clock` (which may be event time in `tokenwatch notify`). */
  wallClock?: Clock;
  retry: RetryPolicy;
  metrics: NotifierMetrics;
  log: Logger;
  random?: () => number;
}

export interface NotifyReport {
  alerts: number;
  duplicates: number;
  unrouted: number;
  silenced: number;
  inhibited: number;
  sent: number;
  deadLettered: number;
  revocations: Record<string, number>;
}

export const emptyReport = (): NotifyReport => ({
  alerts: 0,
  duplicates: 0,
  unrouted: 0,
  silenced: 0,
  inhibited: 0,
  sent: 0,
  deadLettered: 0,
  revocations: {},
});

export function addReports(into: NotifyReport, more: NotifyReport): NotifyReport {
  for (const key of ['alerts', 'duplicates', 'unrouted', 'silenced', 'inhibited', 'sent', 'deadLettered'] as const) into[key] += more[key];
  for (const [k, v] of Object.entries(more.revocations)) into.revocations[k] = (into.revocations[k] ?? 0) + v;
  return into;
}

/**
 * The notifier's logic, shared by the Kafka consumer and `tokenwatch notify`: revocation decisions,
 * routing, silences and inhibition, grouping, delivery with retries and DLQ, and the ledger that
 * makes a redelivered alert a no-op. Calls are serialized.
 */
export class NotifierEngine {
  private readonly grouper = new AlertGrouper();
  private readonly notes = new LruCache<string, string>(10_000);
  /** Alerts whose own decision revoked their token: delivered, though their token is inhibited. */
  private readonly revokers = new LruCache<string, true>(10_000);
  private readonly enabled: Set<TransportName>;
  /** Runs handle, tick and recover one at a time. */
  private readonly serial = serial();

  constructor(private readonly parts: EngineParts) {
    this.enabled = new Set(parts.transports.keys());
  }

  /** Resumes alerts that were held in a group when the process stopped (ledger outcome pending). */
  recover(sinceMs: number): Promise<number> {
    return this.serial(async () => {
      let restored = 0;
      for (const entry of await this.parts.ledger.pending(sinceMs)) {
        const alert = entry.alert;
        const route = this.parts.routing.routes.find((r) => r.name === entry.route);
        if (!alert || !route || !this.enabled.has(entry.channel)) continue;
        const target: RouteTarget = {
          route: route.name,
          transport: entry.channel,
          groupWindowMs: route.groupWindow ?? this.parts.routing.defaults.groupWindow,
          repeatIntervalMs: route.repeatInterval ?? this.parts.routing.defaults.repeatInterval,
        };
        this.grouper.restore(target, alert, await this.parts.profiles(alert.token.fp), entry.at);
        this.parts.ledger.record([entry]);
        restored++;
      }
      return restored;
    });
  }

  /** Handles alerts in order; resolves once every resulting message was delivered or dead-lettered and the ledger is durable. */
  handle(alerts: readonly Alert[], ctx: DispatchContext & { flushAll?: boolean } = {}): Promise<NotifyReport> {
    return this.serial(() => this.handleNow(alerts, ctx));
  }

  /** Sends what became due with time: held alerts after their group window, repeats. */
  tick(ctx: DispatchContext & { flushAll?: boolean } = {}): Promise<NotifyReport> {
    return this.serial(() => this.handleNow([], ctx));
  }

  private async handleNow(alerts: readonly Alert[], ctx: DispatchContext & { flushAll?: boolean }): Promise<NotifyReport> {
    const { clock, metrics, ledger } = this.parts;
    const report = emptyReport();
    const now = clock.now();
    report.alerts = alerts.length;
    metrics.alerts.inc({ outcome: 'received' }, alerts.length);

    const profiles = new Map<string, TokenProfile>();
    for (const fp of new Set(alerts.map((a) => a.token.fp))) profiles.set(fp, await this.parts.profiles(fp));
    const profileOf = (a: Alert) => profiles.get(a.token.fp) as TokenProfile;

    const decisions = await this.parts.revocation.considerAll(alerts.map((alert) => ({ alert, profile: profileOf(alert) })));
    for (const d of decisions.values()) {
      if (d.note) this.notes.set(d.alertId, d.note);
      if (d.outcome === 'revoked') this.revokers.set(d.alertId, true);
      if (!d.duplicate) report.revocations[d.outcome] = (report.revocations[d.outcome] ?? 0) + 1;
    }

    const routed = alerts.map((alert) => ({ alert, targets: routeAlert(this.parts.routing, alert, profileOf(alert), this.enabled) }));
    const keys: LedgerKey[] = routed.flatMap(({ alert, targets }) =>
      targets.flatMap((t) => {
        const own = { alertId: alert.id, channel: t.transport, state: alert.state };
        return alert.state === 'resolved' ? [own, { ...own, state: 'firing' as const }] : [own];
      }),
    );
    const known = keys.length > 0 ? await ledger.lookup(keys) : new Map<string, LedgerEntry>();
    const silences = await this.activeSilences();
    const inhibited = (a: Alert) => this.parts.revocation.isRevoked(a.token.fp) && !this.revokers.has(a.id);

    const immediate: Notification[] = [];
    const queued: Array<{ alert: Alert; target: RouteTarget }> = [];
    const entries: LedgerEntry[] = [];
    const entry = (alert: Alert, t: RouteTarget, outcome: LedgerEntry['outcome'], state = alert.state): LedgerEntry => ({
      alertId: alert.id,
      channel: t.transport,
      state,
      tokenFp: alert.token.fp,
      route: t.route,
      outcome,
      at: now,
    });

    const seen = new Set<string>();
    const inDoubt: Array<{ alert: Alert; target: RouteTarget }> = [];
    for (const { alert, targets } of routed) {
      if (targets.length === 0) report.unrouted++;
      for (const t of targets) {
        const own = ledgerKey({ alertId: alert.id, channel: t.transport, state: alert.state });
        if (known.get(own)?.outcome === 'sending' && !seen.has(own)) {
          seen.add(own);
          inDoubt.push({ alert, target: t });
          continue;
        }
        if (known.has(own) || seen.has(own)) {
          report.duplicates++;
          continue;
        }
        seen.add(own);
        if (this.parts.transports.get(t.transport)?.mode === 'each') {
          immediate.push(this.single(alert, t, profileOf(alert)));
          continue;
        }
        if (alert.state === 'firing' && (inhibited(alert) || findSilence(silences, alert, profileOf(alert), now))) {
          const why = inhibited(alert) ? 'inhibited' : 'silenced';
          report[why]++;
          entries.push(entry(alert, t, 'suppressed'));
          continue;
        }
        const firingOutcome = known.get(ledgerKey({ alertId: alert.id, channel: t.transport, state: 'firing' }))?.outcome;
        const firingSent = firingOutcome !== undefined && MAYBE_DELIVERED.has(firingOutcome);
        const disposition = this.grouper.add(t, alert, profileOf(alert), now, firingSent);
        if (disposition === 'queued') queued.push({ alert, target: t });
        else entries.push(entry(alert, t, disposition));
        if (disposition === 'suppressed' && alert.state === 'resolved') entries.push(entry(alert, t, 'suppressed', 'firing'));
      }
    }

    const dropped: LedgerEntry[] = [];
    const drop = (a: Alert, profile: TokenProfile, t: RouteTarget) => {
      const gone = inhibited(a) || findSilence(silences, a, profile, now) !== undefined;
      if (gone) dropped.push(entry(a, t, 'suppressed'));
      return gone;
    };
    const grouped = this.grouper.due(now, { drop, ...(ctx.flushAll ? { flushAll: true } : {}) });
    const notifications = [...immediate, ...grouped].map((n) => this.withNotes(n));
    for (const { alert, target } of queued) {
      if (this.grouper.isPending(target, alert)) entries.push({ ...entry(alert, target, 'pending'), alert });
    }
    if (inDoubt.length > 0) entries.push(...(await this.settleInDoubt(inDoubt, now)));
    ledger.record([...entries, ...dropped]);
    for (const e of entries) if (e.outcome === 'grouped' || e.outcome === 'pending') metrics.alerts.inc({ outcome: e.outcome });
    for (const outcome of ['duplicates', 'unrouted', 'silenced', 'inhibited'] as const)
      if (report[outcome] > 0) metrics.alerts.inc({ outcome }, report[outcome]);
    if (dropped.length > 0) metrics.alerts.inc({ outcome: 'dropped' }, dropped.length);

    const result = await dispatch(this.parts, notifications, ctx);
    report.sent = result.sent;
    report.deadLettered = result.deadLettered;
    await ledger.flush();
    return report;
  }

  /**
   * Deliveries whose intent a crash left without a result: the receiver may have shown them and
   * cannot tell a second copy, so they are not sent again; the DLQ keeps them for a human to check.
   */
  private async settleInDoubt(items: ReadonlyArray<{ alert: Alert; target: RouteTarget }>, now: number): Promise<LedgerEntry[]> {
    const reason = 'in doubt: the notifier stopped between sending and recording this message; it may have been delivered, so it is not sent again';
    await this.parts.deadLetters.write(
      items.map(({ alert, target }) => ({
        transport: target.transport,
        action: alert.state === 'resolved' ? 'resolve' : 'trigger',
        notificationId: stableId(target.transport, alert.id, alert.state, 'in-doubt'),
        route: target.route,
        groupKey: AlertGrouper.groupKey(target, alert.token.fp),
        tokenFp: alert.token.fp,
        reason,
        attempts: 0,
        failedAt: now,
        alerts: [alert],
      })),
    );
    this.parts.metrics.alerts.inc({ outcome: 'in_doubt' }, items.length);
    this.parts.log.warn(
      { alerts: items.map((i) => i.alert.id), transports: [...new Set(items.map((i) => i.target.transport))] },
      'deliveries left in doubt by a crash; not sent again, written to the DLQ',
    );
    return items.map(({ alert, target }) => ({
      alertId: alert.id,
      channel: target.transport,
      state: alert.state,
      tokenFp: alert.token.fp,
      route: target.route,
      outcome: 'in_doubt',
      at: now,
    }));
  }

  private single(alert: Alert, t: RouteTarget, profile: TokenProfile): Notification {
    return {
      id: stableId(t.transport, alert.id, alert.state),
      transport: t.transport,
      action: alert.state === 'resolved' ? 'resolve' : 'trigger',
      route: t.route,
      groupKey: AlertGrouper.groupKey(t, alert.token.fp),
      token: alert.token,
      profile,
      severity: alert.severity,
      alerts: [alert],
      earlierCount: 0,
      repeat: false,
      notes: [],
    };
  }

  private withNotes(n: Notification): Notification {
    const notes = n.alerts.flatMap((a) => this.notes.get(a.id) ?? []);
    return notes.length > 0 ? { ...n, notes: [...new Set(notes)] } : n;
  }

  /** A broken silences store must not stop paging: it is logged and treated as empty. */
  private async activeSilences(): Promise<Silence[]> {
    try {
      return await this.parts.silences.list();
    } catch (error) {
      this.parts.log.error({ err: error }, 'cannot read silences; continuing without them');
      return [];
    }
  }
}
