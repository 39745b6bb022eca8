import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { DetectorConfigSchema, type DetectorConfig, type DetectorConfigInput } from './config/detector-config.schema';
import { Policy } from './config/policy';
import { RouteClassifier } from './config/route-classifier';
import { Decision } from './decision/decision';
import type { Detector, LearningState, RestoreOptions } from './detector.types';
import { popcount } from './math/hash';
import { DAY_MS, HOUR_MS, minuteIndex } from './math/time';
import { newInterns } from './state/interner';
import { LAYOUT, COUNTRY_SLOTS, decodePeak, FLAG_OFF_HOURS_CLEAR, FLAG_PEER_COUNTED, ROUTE_SLOTS, UA_SLOTS } from './state/layout';
import { PeerGroups, type PeerGroupsState } from './state/peer-groups';
import { slotNames } from './state/slots';
import { readTokenSnapshot } from './state/snapshot-check';
import { TOKEN_SNAPSHOT_VERSION, type TokenSnapshot, readState, writeState } from './state/token-snapshot';
import { TokenTable } from './state/token-table';
import { authFailuresSignal, decayMinutePeaks, rollAuthMinute } from './signals/auth-failures.signal';
import { dormancySignal, offHoursSignal } from './signals/dormancy.signal';
import { endpointSignal, rollEndpointMinute } from './signals/endpoint.signal';
import { enumerationSignal, rollEnumerationMinute } from './signals/enumeration.signal';
import { EvalContext } from './signals/eval-context';
import { countrySignal } from './signals/geo-country.signal';
import { travelSignal } from './signals/geo-travel.signal';
import { ipFanoutSignal } from './signals/ip-fanout.signal';
import { networkSignal } from './signals/network.signal';
import { sustainedUseSignal, trackRun } from './signals/sustained-use.signal';
import { sequenceSignal } from './signals/sequence.signal';
import { userAgentSignal } from './signals/user-agent.signal';
import { markThresholdsStale, rollMinute } from './signals/volume-baseline';
import { bytesSignal, volumeSignal } from './signals/volume.signal';

const { F32, F64, U16, U32, U8 } = LAYOUT;

const MAX_PENDING_EVICTED = 200_000;
const NO_ALERTS: readonly Alert[] = Object.freeze([]);

/** The detection engine (pure: event time in, alerts out). See the package README for the model. */
export function createDetector(config?: DetectorConfigInput): Detector {
  const cfg: DetectorConfig = DetectorConfigSchema.parse(config ?? {});
  const policy = new Policy(cfg);
  const interns = newInterns(cfg.limits.maxInterned);
  // Peer groups per scope (the pipeline's events partition): a scope's groups depend only on its own
  // events, in their order, so they can be saved and restored with its tokens and any process gets the same.
  const peerScopes = new Map<number, PeerGroups>();
  const peersOf = (scope: number): PeerGroups => {
    let groups = peerScopes.get(scope);
    if (!groups) peerScopes.set(scope, (groups = new PeerGroups(interns, cfg.limits.maxPeerGroups, cfg.learning.minPeerTokens)));
    return groups;
  };
  const classifier = new RouteClassifier(cfg, cfg.limits.maxInterned);
  const table = new TokenTable();
  const decision = new Decision(cfg, policy);
  const ctx = new EvalContext(cfg, policy, interns, peersOf(0), classifier, decision);
  const shed: TokenSnapshot[] = [];
  const minHoursMs = cfg.learning.minHours * HOUR_MS;
  // alerts of the event being observed; most events raise none and share NO_ALERTS (no allocation)
  const pending: Alert[] = [];

  const isLearned = (events: number, span: number) => events >= cfg.learning.minEvents && span >= minHoursMs;

  function onHourClosed(c: EvalContext, hour: number, count: number): void {
    if (!c.learned || c.firing || count === 0) return;
    const s = c.cur;
    const hod = hour % 24;
    const flags = s.u8[s.b8 + U8.flags]!;
    s.u8[s.b8 + U8.flags] = flags | FLAG_PEER_COUNTED;
    c.peers.contribute(s.u16[s.b16 + U16.consumer]!, s.u16[s.b16 + U16.service]!, {
      hod,
      count,
      peak5: decodePeak(s.u8[s.b8 + U8.peak5 + hod]!),
      peak1: decodePeak(s.u8[s.b8 + U8.peak1 + hod]!),
      phi: s.f32[s.b32f + F32.phi]!,
      bytesPeak5: s.f32[s.b32f + F32.bytesPeak5]!,
      respPeak: s.f32[s.b32f + F32.respPeak]!,
      ipPeak: s.f32[s.b32f + F32.ipPeak]!,
      enumPeak: s.f32[s.b32f + F32.enumPeak]!,
      failPeak: s.f32[s.b32f + F32.failPeak]!,
      countries: slotNames(s.u16, s.b16 + U16.countryId, COUNTRY_SLOTS, (i) => interns.country.name(i)),
      uas: slotNames(s.u16, s.b16 + U16.uaId, UA_SLOTS, (i) => interns.ua.name(i)),
      routes: slotNames(s.u16, s.b16 + U16.routeId, ROUTE_SLOTS, (i) => interns.route.name(i)),
      newMember: (flags & FLAG_PEER_COUNTED) === 0,
    });
  }

  function initToken(e: AccessEvent, minute: number): void {
    const c = ctx.cur;
    c.f64[c.b64 + F64.firstSeen] = e.ts;
    c.f64[c.b64 + F64.lastSeen] = e.ts;
    c.u32[c.b32 + U32.minute] = minute;
    c.u32[c.b32 + U32.recentStart] = minute;
    c.f32[c.b32f + F32.phi] = 0.5;
    c.u16[c.b16 + U16.consumer] = e.consumer === null ? 0 : interns.consumer.id(e.consumer);
    c.u16[c.b16 + U16.service] = e.service === null ? 0 : interns.service.id(e.service);
    markThresholdsStale(ctx);
  }

  function observe(e: AccessEvent, scope = 0): readonly Alert[] {
    const fp = e.token.fp;
    const ts = e.ts;
    const out = pending;
    let idx = table.find(fp);
    const isNew = idx < 0;
    if (isNew) idx = table.allocate(fp);
    ctx.peers = peersOf(scope);
    const c = table.select(idx, ctx.cur);
    c.u16[c.b16 + U16.peerScope] = scope;
    const minute = minuteIndex(ts);
    ctx.begin(e, minute, isNew);
    if (isNew) {
      ctx.learned = false;
      ctx.firing = false;
      initToken(e, minute);
    } else {
      ctx.firing = decision.settle(idx, fp, ts, out);
      ctx.learned = isLearned(c.u32[c.b32 + U32.events]!, ts - c.f64[c.b64 + F64.firstSeen]!);
      dormancySignal(ctx);
      const old = c.u32[c.b32 + U32.minute]!;
      if (minute > old) {
        rollAuthMinute(ctx, old, minute);
        rollEnumerationMinute(ctx, old, minute);
        rollMinute(ctx, minute, onHourClosed);
        const hours = Math.floor(minute / 60) - Math.floor(old / 60);
        if (hours > 0) {
          decayMinutePeaks(ctx, hours);
          c.u8[c.b8 + U8.flags] = c.u8[c.b8 + U8.flags]! & ~FLAG_OFF_HOURS_CLEAR;
        }
        rollEndpointMinute(ctx, minute);
        c.u32[c.b32 + U32.minuteBits] = c.u32[c.b32 + U32.minuteBits]! | 1;
        if (popcount(c.u32[c.b32 + U32.minuteBits]!) >= cfg.signals.off_hours.minActiveMinutes) offHoursSignal(ctx);
      }
    }
    c.u32[c.b32 + U32.minuteBits] = c.u32[c.b32 + U32.minuteBits]! | 1;
    volumeSignal(ctx);
    bytesSignal(ctx);
    authFailuresSignal(ctx);
    enumerationSignal(ctx);
    trackRun(ctx);
    networkSignal(ctx);
    countrySignal(ctx);
    travelSignal(ctx);
    sustainedUseSignal(ctx);
    ipFanoutSignal(ctx);
    userAgentSignal(ctx);
    endpointSignal(ctx);
    sequenceSignal(ctx);
    if (ts > c.f64[c.b64 + F64.lastSeen]!) c.f64[c.b64 + F64.lastSeen] = ts;
    const events = c.u32[c.b32 + U32.events]!;
    if (events < 0xffffffff) c.u32[c.b32 + U32.events] = events + 1;
    if (ctx.hits.length > 0) decision.process(idx, e, ctx.hits, out);
    else if (ctx.firing) decision.refresh(idx, fp, ts, out);
    if (isNew && table.size > cfg.limits.maxTokens) shedOldest();
    if (out.length === 0) return NO_ALERTS;
    const raised = out.slice();
    out.length = 0;
    return raised;
  }

  function snapshotOf(idx: number, fp: string): TokenSnapshot {
    const c = table.select(idx, ctx.cur);
    const firstSeen = c.f64[c.b64 + F64.firstSeen]!;
    const lastSeen = c.f64[c.b64 + F64.lastSeen]!;
    const events = c.u32[c.b32 + U32.events]!;
    return {
      v: TOKEN_SNAPSHOT_VERSION,
      fp,
      firstSeen,
      lastSeen,
      events,
      learning: isLearned(events, lastSeen - firstSeen) ? 'active' : 'learning',
      state: writeState(c, interns),
      alerts: decision.exportTrack(idx),
    };
  }

  function remove(idx: number): void {
    decision.importTrack(idx, null);
    table.release(idx);
  }

  /** Over the token cap: the least recently seen 1% leave memory, kept for the next evict() call. */
  function shedOldest(): void {
    const seen: number[] = [];
    table.forEach((idx) => seen.push(table.select(idx, ctx.cur).f64[ctx.cur.b64 + F64.lastSeen]!));
    seen.sort((a, b) => a - b);
    const cutoff = seen[Math.max(0, Math.floor(seen.length / 100) - 1)] ?? -Infinity;
    for (const s of collect((lastSeen) => lastSeen <= cutoff)) if (shed.length < MAX_PENDING_EVICTED) shed.push(s);
  }

  function collect(match: (lastSeen: number) => boolean): TokenSnapshot[] {
    const victims: number[] = [];
    table.forEach((idx) => {
      if (match(table.select(idx, ctx.cur).f64[ctx.cur.b64 + F64.lastSeen]!)) victims.push(idx);
    });
    return victims.map((idx) => {
      const s = snapshotOf(idx, table.fpOf(idx)!);
      remove(idx);
      return s;
    });
  }

  return {
    config: cfg,
    observe,
    trackedTokens: () => table.size,
    tick(now: number): Alert[] {
      const out: Alert[] = [];
      decision.tick(now, (idx) => table.fpOf(idx), out);
      return out;
    },
    snapshot(fp: string): TokenSnapshot | undefined {
      const idx = table.find(fp);
      return idx < 0 ? undefined : snapshotOf(idx, fp);
    },
    restore(snapshot: TokenSnapshot, options?: RestoreOptions): void {
      const snap = readTokenSnapshot(snapshot);
      const existing = table.find(snap.fp);
      if (existing >= 0) remove(existing);
      const idx = table.allocate(snap.fp);
      const c = table.select(idx, ctx.cur);
      readState(c, interns, snap.state);
      // Restored with its scope's peer groups, the token stays counted as their member.
      if (options?.peersRestored && (Number(snap.state['flags']) & FLAG_PEER_COUNTED) !== 0) c.u8[c.b8 + U8.flags] = c.u8[c.b8 + U8.flags]! | FLAG_PEER_COUNTED;
      if (options?.scope !== undefined) c.u16[c.b16 + U16.peerScope] = options.scope;
      decision.importTrack(idx, snap.alerts);
    },
    peerGroups(scope: number, options?: { onlyChanged?: boolean }): PeerGroupsState | undefined {
      const groups = peerScopes.get(scope);
      if (!groups || (options?.onlyChanged && !groups.changed)) return undefined;
      groups.changed = false;
      return groups.toJSON();
    },
    restorePeerGroups(scope: number, state: PeerGroupsState): void {
      peersOf(scope).load(state);
    },
    evict(olderThan: number): TokenSnapshot[] {
      return shed.splice(0).concat(collect((lastSeen) => lastSeen < olderThan));
    },
    learningState(fp: string): LearningState | undefined {
      const idx = table.find(fp);
      if (idx < 0) return undefined;
      const c = table.select(idx, ctx.cur);
      const firstSeen = c.f64[c.b64 + F64.firstSeen]!;
      const lastSeen = c.f64[c.b64 + F64.lastSeen]!;
      const events = c.u32[c.b32 + U32.events]!;
      const learned = isLearned(events, lastSeen - firstSeen);
      const peer = learned ? undefined : peersOf(c.u16[c.b16 + U16.peerScope]!).select(c.u16[c.b16 + U16.consumer]!, c.u16[c.b16 + U16.service]!);
      return {
        state: learned ? 'active' : 'learning',
        events,
        hoursObserved: Math.floor((lastSeen - firstSeen) / HOUR_MS),
        daysObserved: Math.floor(lastSeen / DAY_MS) - Math.floor(firstSeen / DAY_MS) + 1,
        firstSeen,
        lastSeen,
        baseline: learned ? 'token' : (peer?.level ?? 'none'),
        remaining: {
          events: Math.max(0, cfg.learning.minEvents - events),
          hours: Math.max(0, Math.ceil(cfg.learning.minHours - (lastSeen - firstSeen) / HOUR_MS)),
        },
      };
    },
    stateBytes(): number {
      const { country, route, ua, consumer, service, uaByRaw } = interns;
      const interned = [country, route, ua, consumer, service].reduce((sum, i) => sum + i.bytes(), 0) + uaByRaw.size * 120;
      let peerBytes = 0;
      for (const groups of peerScopes.values()) peerBytes += groups.bytes();
      return table.slabBytes() + interned + peerBytes + decision.bytes();
    },
  };
}

/** The engine the pipeline should run by default (same as createDetector with the default config). */
export const createDefaultScorer = (): Detector => createDetector();
