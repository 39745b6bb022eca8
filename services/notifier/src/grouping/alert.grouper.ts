import { LruCache } from '@tokenwatch/common';
import type { Alert } from '@tokenwatch/contracts';
import { maxSeverity, SEVERITY_RANK, type Notification, type TokenProfile } from '../notifier.types';
import type { RouteTarget } from '../routing/routing.rules';
import { dedupKey } from '../transports/pagerduty.events';
import { stableId } from '../util/text';

interface Group {
  key: string;
  target: RouteTarget;
  token: Alert['token'];
  profile: TokenProfile;
  firing: Map<string, Alert>;
  /** Firing alerts not sent yet. */
  pending: Map<string, Alert>;
  announced: Set<string>;
  resolved: Alert[];
  messages: number;
  lastSentAt: number | null;
  maxAnnouncedRank: number;
  lastActivityAt: number;
  dueNow: boolean;
}

/**
 * queued: carried by this group's next message (maybe right away); grouped: folded into the group,
 * no message of its own; suppressed: nothing to say (resolved before it was ever sent).
 */
export type Disposition = 'queued' | 'grouped' | 'suppressed';

export interface GrouperOptions {
  /** Groups without any new alert for this long are forgotten (no resolve). Default 24 h. */
  maxIdleMs?: number;
  maxGroups?: number;
}

/**
 * Groups a token's alerts per route and transport. The first alert of a group is sent at once;
 * alerts that follow within the group window are held and sent together when the window has passed
 * (or at once when they raise the severity); a still-firing group is repeated after the repeat
 * interval; when every alert of an announced group resolved, one resolve message closes it.
 * Pure: time comes in as arguments.
 */
export class AlertGrouper {
  private readonly groups: LruCache<string, Group>;
  private readonly maxIdleMs: number;

  constructor(opts: GrouperOptions = {}) {
    this.groups = new LruCache(opts.maxGroups ?? 50_000);
    this.maxIdleMs = opts.maxIdleMs ?? 86_400_000;
  }

  static groupKey(target: RouteTarget, fp: string): string {
    return dedupKey(target.route, fp);
  }

  private group(target: RouteTarget, alert: Alert, profile: TokenProfile, now: number): Group {
    const key = `${target.transport}|${AlertGrouper.groupKey(target, alert.token.fp)}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        key,
        target,
        token: alert.token,
        profile,
        firing: new Map(),
        pending: new Map(),
        announced: new Set(),
        resolved: [],
        messages: 0,
        lastSentAt: null,
        maxAnnouncedRank: -1,
        lastActivityAt: now,
        dueNow: false,
      };
      this.groups.set(key, g);
    }
    g.profile = profile;
    g.target = target;
    g.lastActivityAt = now;
    return g;
  }

  /** `sentBefore`: for a resolved alert, whether the ledger says its firing state was sent (e.g. before a restart). */
  add(target: RouteTarget, alert: Alert, profile: TokenProfile, now: number, sentBefore = false): Disposition {
    const key = `${target.transport}|${AlertGrouper.groupKey(target, alert.token.fp)}`;
    if (alert.state === 'firing') {
      const g = this.group(target, alert, profile, now);
      g.firing.set(alert.id, alert);
      if (g.announced.has(alert.id)) return 'grouped';
      g.pending.set(alert.id, alert);
      const windowPassed = g.lastSentAt === null || now - g.lastSentAt >= target.groupWindowMs;
      if (windowPassed || SEVERITY_RANK[alert.severity] > g.maxAnnouncedRank) g.dueNow = true;
      return 'queued';
    }
    const existing = this.groups.get(key);
    if (!existing && !sentBefore) return 'suppressed';
    const g = existing ?? this.group(target, alert, profile, now);
    if (!existing) g.messages = 1; // a group announced before a restart
    g.lastActivityAt = now;
    g.firing.delete(alert.id);
    if (g.pending.delete(alert.id)) {
      if (g.firing.size === 0 && g.messages === 0) this.groups.delete(key);
      else if (g.firing.size === 0) g.dueNow = true;
      return 'suppressed';
    }
    if (!g.announced.has(alert.id) && !sentBefore) return 'suppressed';
    g.resolved.push(alert);
    if (g.firing.size > 0) return 'grouped';
    g.dueNow = true;
    return 'queued';
  }

  /** Re-creates a pending alert after a restart (from the ledger); its group is treated as announced. */
  restore(target: RouteTarget, alert: Alert, profile: TokenProfile, pendingSince: number): void {
    const g = this.group(target, alert, profile, pendingSince);
    g.firing.set(alert.id, alert);
    g.pending.set(alert.id, alert);
    g.messages = Math.max(g.messages, 1);
    g.lastSentAt = Math.min(g.lastSentAt ?? pendingSince, pendingSince);
  }

  /** True while the alert waits in its group for the next message. */
  isPending(target: RouteTarget, alert: Alert): boolean {
    return this.groups.get(`${target.transport}|${AlertGrouper.groupKey(target, alert.token.fp)}`)?.pending.has(alert.id) ?? false;
  }

  /**
   * The messages due at `now`; `flushAll` sends every held alert regardless of the window (end of
   * input). `drop` discards held alerts that must not be sent any more (silenced, inhibited).
   */
  due(now: number, opts: { flushAll?: boolean; drop?: (alert: Alert, profile: TokenProfile, target: RouteTarget) => boolean } = {}): Notification[] {
    const out: Notification[] = [];
    for (const [key, g] of [...this.groups.entries()]) {
      if (opts.drop) for (const [id, a] of g.pending) if (opts.drop(a, g.profile, g.target)) g.pending.delete(id);
      const windowPassed = g.lastSentAt === null || now - g.lastSentAt >= g.target.groupWindowMs;
      if (g.firing.size === 0 && g.pending.size === 0) {
        if (g.messages > 0 && g.resolved.length > 0) out.push(this.message(g, 'resolve', g.resolved, false, now));
        this.groups.delete(key);
        continue;
      }
      if (g.pending.size > 0 && (g.dueNow || windowPassed || opts.flushAll)) {
        const alerts = [...g.pending.values()];
        out.push(this.message(g, 'trigger', alerts, false, now));
        for (const a of alerts) g.announced.add(a.id);
        g.maxAnnouncedRank = Math.max(g.maxAnnouncedRank, SEVERITY_RANK[maxSeverity(alerts)]);
        g.pending.clear();
        g.resolved = [];
        g.messages++;
        g.lastSentAt = now;
      } else if (g.pending.size === 0 && g.lastSentAt !== null && now - g.lastSentAt >= g.target.repeatIntervalMs && !opts.flushAll) {
        out.push(this.message(g, 'trigger', [...g.firing.values()], true, now));
        g.lastSentAt = now;
      } else if (g.pending.size === 0 && now - g.lastActivityAt > this.maxIdleMs) {
        this.groups.delete(key);
      }
      g.dueNow = false;
    }
    return out;
  }

  private message(g: Group, action: Notification['action'], alerts: Alert[], repeat: boolean, now: number): Notification {
    const groupKey = AlertGrouper.groupKey(g.target, g.token.fp);
    const ids = alerts.map((a) => `${a.id}:${a.state}`).sort();
    const stillFiring = [...g.firing.keys()].filter((id) => g.announced.has(id) && !alerts.some((a) => a.id === id)).length;
    return {
      id: stableId(g.target.transport, groupKey, action, ...ids, repeat ? `repeat@${now}` : ''),
      transport: g.target.transport,
      action,
      route: g.target.route,
      groupKey,
      token: g.token,
      profile: g.profile,
      severity: maxSeverity(action === 'resolve' ? alerts : [...alerts, ...g.firing.values()]),
      alerts,
      earlierCount: repeat ? 0 : stillFiring,
      repeat,
      notes: [],
    };
  }

  get size(): number {
    return this.groups.size;
  }
}
