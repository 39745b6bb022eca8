import type { AccessEvent, Alert, Severity, SignalType } from '@tokenwatch/contracts';
import { alertId } from '../alert-id';
import type { DetectorConfig } from '../config/detector-config.schema';
import type { Policy } from '../config/policy';
import { fmtDuration } from '../math/format';
import type { Hit, HitGate } from '../signals/eval-context';
import { combineScores, newTrack, type AlertTrack, type TrackedHit } from './alert-track';

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * From signals to alerts: per-signal weights, suppressions, deduplication per token and signal within
 * `dedupWindowMs`, a combined score (noisy-OR) with a severity, one alert per incident (id = hash of
 * fingerprint and incident start, re-emitted when it escalates or gains a signal type) and a
 * `resolved` alert, timed in event time, after `quietPeriodMs` without anomalies.
 */
export class Decision implements HitGate {
  private readonly tracks = new Map<number, AlertTrack>();
  private readonly d: DetectorConfig['decision'];

  constructor(
    private readonly cfg: DetectorConfig,
    private readonly policy: Policy,
  ) {
    this.d = cfg.decision;
  }

  wants(idx: number, type: SignalType, score: number, ts: number): boolean {
    const t = this.tracks.get(idx);
    const last = t?.lastFired[type];
    if (t === undefined || last === undefined || ts - last >= this.d.dedupWindowMs) return true;
    // the signal comes back after its incident resolved: it reopens that incident
    if (t.groupStart < 0 && t.prevStart >= 0) return true;
    if (t.groupStart >= 0) this.persisting(t, ts);
    const prev = t.hits.find((h) => h.type === type);
    return prev !== undefined && Math.min(1, score * this.weight(type)) >= prev.score + this.d.escalationDelta;
  }

  recently(idx: number, type: SignalType, ts: number): boolean {
    const t = this.tracks.get(idx);
    const last = t?.lastFired[type];
    if (t === undefined || last === undefined || ts - last >= this.d.dedupWindowMs) return false;
    if (t.groupStart >= 0) this.persisting(t, ts);
    return true;
  }

  /** A deduplicated anomaly of the open incident: keeps it open and counts the event once. */
  private persisting(t: AlertTrack, ts: number): void {
    if (ts > t.lastAnomaly) t.lastAnomaly = ts;
    this.countEvent(t, ts);
  }

  private countEvent(t: AlertTrack, ts: number): void {
    if (t.countedTs === ts) return;
    t.countedTs = ts;
    t.count++;
  }

  alerting(idx: number): boolean {
    const t = this.tracks.get(idx);
    return t !== undefined && t.groupStart >= 0 && t.emittedSeverity >= 1;
  }

  isFiring(idx: number): boolean {
    return (this.tracks.get(idx)?.groupStart ?? -1) >= 0;
  }

  /** Housekeeping for one token at event time `now`: resolves a quiet alert, forgets stale state. Returns whether an alert is open. */
  settle(idx: number, fp: string, now: number, out: Alert[]): boolean {
    const t = this.tracks.get(idx);
    if (!t) return false;
    if (t.groupStart >= 0 && now >= t.lastAnomaly + this.d.quietPeriodMs) {
      out.push(this.build(t, fp, t.lastAnomaly + this.d.quietPeriodMs, 'resolved'));
      t.prevStart = t.groupStart;
      t.groupStart = -1;
      t.emittedSeverity = -1;
      t.emittedTypes = 0;
    }
    if (t.groupStart < 0) {
      if (t.prevStart >= 0 && now - t.lastAnomaly >= this.d.dedupWindowMs) this.forgetIncident(t);
      if (t.prevStart < 0) t.hits = t.hits.filter((h) => now - h.ts <= this.d.combineWindowMs);
      const fresh = Object.values(t.lastFired).some((ts) => now - ts < this.d.dedupWindowMs);
      if (t.hits.length === 0 && !fresh) this.tracks.delete(idx);
    }
    return t.groupStart >= 0;
  }

  process(idx: number, e: AccessEvent, hits: Hit[], out: Alert[]): void {
    const fp = e.token.fp;
    const ts = e.ts;
    let t = this.tracks.get(idx);
    if (!t) {
      t = newTrack(e.token.hint);
      this.tracks.set(idx, t);
    }
    t.hint = e.token.hint;
    let added = false;
    let evidenceStart = ts;
    for (const { since, ...h } of hits) {
      if (this.policy.hasSuppressions && this.policy.suppressed(fp, e.consumer, e.service, h.type, ts)) continue;
      const score = Math.round(Math.min(1, h.score * this.weight(h.type)) * 1000) / 1000;
      if (score <= 0) continue;
      if (since !== undefined && since < evidenceStart) evidenceStart = since;
      t.lastFired[h.type] = ts;
      const i = t.hits.findIndex((x) => x.type === h.type);
      const record = { ...h, score, ts };
      if (i < 0) t.hits.push(record);
      else if (score >= t.hits[i]!.score) t.hits[i] = record;
      added = true;
    }
    if (!added) return;
    this.countEvent(t, ts);
    if (t.groupStart < 0) {
      if (t.prevStart >= 0 && evidenceStart - t.lastAnomaly < this.d.dedupWindowMs) {
        t.groupStart = t.prevStart; // the same episode goes on (or its evidence reaches back into it): one incident, updated
      } else {
        if (t.prevStart >= 0)
          this.forgetIncident(
            t,
            t.hits.filter((h) => h.ts === ts),
          );
        const before = t.hits.length;
        t.hits = t.hits.filter((h) => ts - h.ts <= this.d.combineWindowMs);
        if (t.hits.length < before) t.count = Math.min(t.count, t.hits.length);
        if (combineScores(t.hits) < this.d.minAlertScore) return;
        // an incident starts at its earliest evidence: a return home too soon convicts the session abroad
        t.groupStart = Math.min(evidenceStart, ...t.hits.map((h) => h.ts));
      }
      t.prevStart = -1;
    }
    t.lastAnomaly = Math.max(t.lastAnomaly, ts);
    const severity = this.severityIndex(combineScores(t.hits));
    const update = this.updateDue(t, ts);
    if (severity > t.emittedSeverity || t.hits.length > t.emittedTypes || update) {
      t.emittedSeverity = Math.max(severity, t.emittedSeverity);
      t.emittedTypes = t.hits.length;
      t.lastEmit = ts;
      out.push(this.build(t, fp, ts, 'firing'));
    }
  }

  /** An event of an open incident whose anomalies were all deduplicated: the periodic update, when due. */
  refresh(idx: number, fp: string, ts: number, out: Alert[]): void {
    const t = this.tracks.get(idx);
    if (!t || t.groupStart < 0 || t.countedTs !== ts || !this.updateDue(t, ts)) return;
    t.lastEmit = ts;
    out.push(this.build(t, fp, ts, 'firing'));
  }

  private updateDue(t: AlertTrack, ts: number): boolean {
    return this.d.updateIntervalMs > 0 && ts - t.lastEmit >= this.d.updateIntervalMs;
  }

  /** The resolved incident can no longer reopen: its signals and count go (keeping `keep`, this event's hits). */
  private forgetIncident(t: AlertTrack, keep: TrackedHit[] = []): void {
    t.prevStart = -1;
    t.hits = keep;
    t.count = keep.length > 0 ? 1 : 0;
  }

  /** Every token's housekeeping at event time `now` (resolved alerts of quiet tokens). */
  tick(now: number, fpOf: (idx: number) => string | undefined, out: Alert[]): void {
    for (const idx of [...this.tracks.keys()]) {
      const fp = fpOf(idx);
      if (fp === undefined) this.tracks.delete(idx);
      else this.settle(idx, fp, now, out);
    }
  }

  exportTrack(idx: number): AlertTrack | null {
    const t = this.tracks.get(idx);
    return t ? structuredClone(t) : null;
  }

  importTrack(idx: number, track: AlertTrack | null): void {
    if (track) this.tracks.set(idx, structuredClone(track));
    else this.tracks.delete(idx);
  }

  get openAlerts(): number {
    let n = 0;
    for (const t of this.tracks.values()) if (t.groupStart >= 0) n++;
    return n;
  }

  bytes(): number {
    let total = 0;
    for (const t of this.tracks.values()) total += 200 + t.hits.length * 400;
    return total;
  }

  private weight(type: SignalType): number {
    const s = this.cfg.signals[type];
    return s.enabled ? s.weight : 0;
  }

  private severityIndex(score: number): number {
    const s = this.d.severity;
    return score >= s.critical ? 3 : score >= s.high ? 2 : score >= s.medium ? 1 : 0;
  }

  private build(t: AlertTrack, fp: string, ts: number, state: 'firing' | 'resolved'): Alert {
    const ranked = [...t.hits].sort((a, b) => b.score - a.score || a.ts - b.ts);
    const score = combineScores(ranked);
    const severity = SEVERITIES[Math.max(this.severityIndex(score), state === 'resolved' ? t.emittedSeverity : 0)] ?? 'low';
    const who = t.hint ? `…${t.hint}` : fp.slice(0, 12);
    const labels = joinLabels(ranked.map((h) => label(h.type, h.observed)));
    const top = ranked[0]!;
    const summary =
      state === 'firing'
        ? `${capital(severity)} risk: token ${who} shows ${labels}. ${top.detail}`
        : `Resolved: token ${who} back to normal for ${fmtDuration(this.d.quietPeriodMs)} after ${labels}.`;
    return {
      id: alertId(fp, t.groupStart),
      ts: Math.round(ts),
      token: { fp, hint: t.hint },
      severity,
      score,
      signals: ranked.map(({ type, score: s, observed, expected, detail }) => ({ type, score: s, observed, expected, detail })),
      summary,
      window: { start: t.groupStart, end: state === 'resolved' ? t.lastAnomaly : Math.max(...ranked.map((h) => h.ts)) },
      state,
      count: Math.max(1, t.count),
    };
  }
}

const LABELS: Record<SignalType, string> = {
  volume_spike: 'a volume spike',
  bytes_spike: 'a response-bytes spike',
  new_country: 'a new country',
  rare_country: 'a rare country',
  impossible_travel: 'impossible travel',
  concurrent_geo: 'concurrent use from distant places',
  ip_fanout: 'a fan-out of source IPs',
  new_user_agent: 'a new user agent',
  endpoint_drift: 'a drift in endpoint mix',
  new_endpoint: 'a new endpoint',
  sensitive_endpoint: 'a sensitive endpoint',
  enumeration: 'enumeration',
  auth_failures: 'a burst of auth failures',
  dormant_reactivation: 'reactivation after dormancy',
  off_hours: 'off-hours use',
  sequence: 'the breach sequence',
  new_network: 'a new network',
};

function label(type: SignalType, observed: unknown): string {
  const base = LABELS[type];
  const short =
    typeof observed === 'string' &&
    observed.length <= 40 &&
    (type === 'new_country' || type === 'rare_country' || type === 'new_user_agent' || type === 'new_network');
  return short ? `${base} (${observed})` : base;
}

function joinLabels(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
