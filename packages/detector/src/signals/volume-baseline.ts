import { countThreshold } from '../math/stats';
import { WEEK_HOURS, hourIndex, hourOfWeek, slotObservations } from '../math/time';
import { LAYOUT, RING, decodePeak, decodeRate, encodePeak, encodeRate } from '../state/layout';
import type { Cursor } from '../state/token-table';
import type { EvalContext } from './eval-context';

const { F32, F64, U16, U32, U8 } = LAYOUT;

/**
 * The seasonal volume baseline: per hour of the week, an EWMA of the token's hourly request count
 * (log-encoded Uint16), per hour of day the typical largest 1-minute and 5-minute counts (log-coded
 * Uint8), a dispersion (negative-binomial phi) and a 24 h level. Hours close lazily, in event
 * time, when the token's next event arrives; silent hours count as zeros.
 */
const SLOT_ALPHA_MIN = 0.25;
const PEAK_DECAY_PER_HOUR = 0.995;
/** Peak 1-min / 5-min count relative to the hour's mean, when the token has no peak for the hour yet. */
export const DEFAULT_BURST5 = 2;
export const DEFAULT_BURST1 = 4;
/** A threshold no count reaches (finite, so that it survives a JSON snapshot). */
const NEVER = 3e38;

/** Typical largest 1-min (or 5-min) count around an hour of day (±1 h), from the token's history; 0 when unknown. */
export function ownPeak(cur: Cursor, hod: number, five: boolean): number {
  const field = cur.b8 + (five ? U8.peak5 : U8.peak1);
  let best = 0;
  for (let d = -1; d <= 1; d++) best = Math.max(best, cur.u8[field + ((hod + d + 24) % 24)]!);
  return decodePeak(best);
}

/**
 * Expected hourly count for `hour` from the token's own history, generous on purpose: the largest,
 * over the hour of week and its neighbours (±1 h), of each slot's EWMA — and, for a slot seen less
 * than twice (first weeks), of the same hour on the other days already seen — and the 24 h level.
 * -1 when the token has no completed hour yet.
 */
export function ownHourly(cur: Cursor, hour: number): { hourly: number; source: 'seasonal' | 'daily' | 'level' } {
  const firstHour = hourIndex(cur.f64[cur.b64 + F64.firstSeen]!);
  if (hour <= firstHour) return { hourly: -1, source: 'level' };
  const how = hourOfWeek(hour);
  const seasonal = cur.b16 + U16.seasonal;
  let best = -1;
  let source: 'seasonal' | 'daily' | 'level' = 'seasonal';
  for (let d = -1; d <= 1; d++) {
    const s = (how + d + WEEK_HOURS) % WEEK_HOURS;
    const n = slotObservations(s, firstHour, hour);
    if (n > 0) best = Math.max(best, decodeRate(cur.u16[seasonal + s]!));
    if (n >= 2) continue;
    // seen at most once: the same hour on the other days counts too (a batch drifting by minutes)
    for (let day = 1; day < 7; day++) {
      const other = (s + day * 24) % WEEK_HOURS;
      if (slotObservations(other, firstHour, hour) > 0 && decodeRate(cur.u16[seasonal + other]!) > best) {
        best = decodeRate(cur.u16[seasonal + other]!);
        source = 'daily';
      }
    }
  }
  const level = cur.f32[cur.b32f + F32.level24]!;
  if (level > best) {
    best = level;
    source = 'level';
  }
  return { hourly: best, source };
}

/** Per-minute expectations (e5, e1) and alert thresholds (thr5, thr1) for the token's current minute. */
export function refreshThresholds(ctx: EvalContext): void {
  const c = ctx.cur;
  const cfg = ctx.cfg.signals.volume_spike;
  const f = c.b32f;
  c.f32[f + F32.thr5] = NEVER;
  c.f32[f + F32.thr1] = NEVER;
  if (!cfg.enabled) return;
  const hour = hourIndex(ctx.ts);
  const hod = hour % 24;
  let { hourly } = ownHourly(c, hour);
  let phi = c.f32[f + F32.phi]!;
  let p5 = ownPeak(c, hod, true);
  let p1 = ownPeak(c, hod, false);
  let fold = cfg.minFold;
  if (!ctx.learned) {
    fold = cfg.coldStartFold;
    const peer = ctx.peer();
    if (peer) {
      hourly = Math.max(hourly, peer.hourly(hod));
      phi = Math.max(phi, peer.phi);
      p5 = Math.max(p5, peer.peak5(hod));
      p1 = Math.max(p1, peer.peak1(hod));
    }
  }
  if (hourly < 0) return;
  phi = Math.min(4, phi);
  // the expected peak: the hour's mean scaled by a default burstiness, or the learned peak if larger
  const e5 = Math.max(0.05, (hourly / 12) * DEFAULT_BURST5, p5);
  const e1 = Math.max(0.02, (hourly / 60) * DEFAULT_BURST1, p1);
  c.f32[f + F32.e5] = e5;
  c.f32[f + F32.e1] = e1;
  c.f32[f + F32.thr5] = Math.max(cfg.minCount5m, Math.ceil(fold * e5), countThreshold(e5, phi, cfg.log10P));
  c.f32[f + F32.thr1] = Math.max(cfg.minCount1m, Math.ceil(fold * e1), countThreshold(e1, phi, cfg.log10P));
}

/** Advances the minute ring to `minute`, closing the hour (and any silent hours) on the way. */
export function rollMinute(ctx: EvalContext, minute: number, onHourClosed: (ctx: EvalContext, hour: number, count: number) => void): void {
  const c = ctx.cur;
  const u = c.b32;
  const f = c.b32f;
  const old = c.u32[u + U32.minute]!;
  c.u32[u + U32.hourMax1] = Math.max(c.u32[u + U32.hourMax1]!, c.u32[u + U32.ring + (old % RING)]!);
  c.u32[u + U32.hourMax5] = Math.max(c.u32[u + U32.hourMax5]!, fiveMinuteCount(c));
  c.f32[f + F32.hourBytesMax5] = Math.max(c.f32[f + F32.hourBytesMax5]!, c.f32[f + F32.win5Bytes]!);
  const oldHour = Math.floor(old / 60);
  const newHour = Math.floor(minute / 60);
  if (newHour > oldHour) {
    const count = c.u32[u + U32.hourCount]!;
    closeHour(c, oldHour, ctx.learned || ctx.firing);
    onHourClosed(ctx, oldHour, count);
    idleHours(c, oldHour, newHour);
  }
  let bytes = 0;
  if (minute - old >= RING) {
    c.u32.fill(0, u + U32.ring, u + U32.ring + RING);
    c.f32.fill(0, f + F32.ringBytes, f + F32.ringBytes + RING);
  } else {
    for (let j = 1; j <= minute - old; j++) {
      const slot = (old + j) % RING;
      c.u32[u + U32.ring + slot] = 0;
      c.f32[f + F32.ringBytes + slot] = 0;
    }
    for (let i = 0; i < RING; i++) bytes += c.f32[f + F32.ringBytes + i]!;
  }
  c.f32[f + F32.win5Bytes] = bytes;
  c.u32[u + U32.minute] = minute;
  c.u32[u + U32.evalCount] = 0;
  const elapsed = minute - old;
  c.u32[u + U32.minuteBits] = elapsed >= 32 ? 0 : (c.u32[u + U32.minuteBits]! << elapsed) >>> 0;
  markThresholdsStale(ctx);
}

/** Requests in the last 5 minutes (the minute ring holds exact counts, so their sum is exact). */
export function fiveMinuteCount(c: Cursor): number {
  let win = 0;
  for (let i = 0; i < RING; i++) win += c.u32[c.b32 + U32.ring + i]!;
  return win;
}

/**
 * Until a count reaches the configured minimum no threshold can be crossed, so the exact thresholds
 * are computed lazily (most minutes of most tokens never need them): thr = the minimum, e5 = -1.
 */
export function markThresholdsStale(ctx: EvalContext): void {
  const c = ctx.cur;
  const cfg = ctx.cfg.signals.volume_spike;
  c.f32[c.b32f + F32.e5] = -1;
  c.f32[c.b32f + F32.thr5] = cfg.enabled ? cfg.minCount5m : NEVER;
  c.f32[c.b32f + F32.thr1] = cfg.enabled ? cfg.minCount1m : NEVER;
}

export const thresholdsStale = (c: Cursor): boolean => c.f32[c.b32f + F32.e5]! < 0;

/** Folds the closed hour into the slot of its hour of week, burstiness, dispersion, level and bytes. */
function closeHour(c: Cursor, hour: number, cautious: boolean): void {
  const u = c.b32;
  const f = c.b32f;
  const count = c.u32[u + U32.hourCount]!;
  const firstHour = hourIndex(c.f64[c.b64 + F64.firstSeen]!);
  const how = hourOfWeek(hour);
  const hod = how % 24;
  const slot = c.b16 + U16.seasonal + how;
  const n = slotObservations(how, firstHour, hour + 1);
  const old = decodeRate(c.u16[slot]!);
  const level = c.f32[f + F32.level24]!;
  // While cautious, one hour may teach at most 3× what the slot (or the 24 h level) expected.
  const clipped = cautious ? Math.min(count, 3 * Math.max(old, level, 2) + 20) : count;
  if (n <= 1) c.u16[slot] = encodeRate(count);
  else {
    c.u16[slot] = encodeRate(old + Math.max(1 / n, SLOT_ALPHA_MIN) * (clipped - old));
    if (old >= 1) {
      const r = Math.min(4, Math.max(0, ((clipped - old) ** 2 - old) / (old * old)));
      c.f32[f + F32.phi] = c.f32[f + F32.phi]! + 0.05 * (r - c.f32[f + F32.phi]!);
    }
  }
  if (count > 0) {
    peakHold(c, F32.rec5, c.u32[u + U32.hourMax5]!, PEAK_DECAY_PER_HOUR, cautious);
    learnPeak(c, U8.peak5 + hod, c.u32[u + U32.hourMax5]!, cautious);
    learnPeak(c, U8.peak1 + hod, c.u32[u + U32.hourMax1]!, cautious);
  }
  const hoursSeen = hour - firstHour + 1;
  c.f32[f + F32.level24] = level + Math.max(1 / hoursSeen, 1 / 24) * (clipped - level);
  if (count > 0) {
    const bpr = c.f32[f + F32.hourBytes]! / count;
    const oldBpr = c.f32[f + F32.bpr]!;
    c.f32[f + F32.bpr] = oldBpr === 0 ? bpr : oldBpr + 0.1 * (Math.min(bpr, cautious ? 3 * oldBpr : bpr) - oldBpr);
  }
  // Response sizes are heavy-tailed (a nightly export dwarfs every page): their peaks learn freely.
  peakHold(c, F32.bytesPeak5, c.f32[f + F32.hourBytesMax5]!, PEAK_DECAY_PER_HOUR, false);
  peakHold(c, F32.respPeak, c.f32[f + F32.hourRespMax]!, PEAK_DECAY_PER_HOUR, false);
  c.u32[u + U32.hourCount] = 0;
  c.u32[u + U32.hourMax1] = 0;
  c.u32[u + U32.hourMax5] = 0;
  c.f32[f + F32.hourBytes] = 0;
  c.f32[f + F32.hourBytesMax5] = 0;
  c.f32[f + F32.hourRespMax] = 0;
}

/** Silent hours between two active ones are zero counts (a gap over a week decays every slot). */
function idleHours(c: Cursor, lastHour: number, nextHour: number): void {
  const gap = nextHour - lastHour - 1;
  if (gap <= 0) return;
  const firstHour = hourIndex(c.f64[c.b64 + F64.firstSeen]!);
  const seasonal = c.b16 + U16.seasonal;
  for (let k = 1; k <= Math.min(gap, WEEK_HOURS); k++) {
    const h = lastHour + k;
    const s = hourOfWeek(h);
    const n = slotObservations(s, firstHour, h + 1);
    c.u16[seasonal + s] = n <= 1 ? 0 : encodeRate(decodeRate(c.u16[seasonal + s]!) * (1 - Math.max(1 / n, SLOT_ALPHA_MIN)));
  }
  const extraWeeks = Math.floor(Math.max(0, gap - WEEK_HOURS) / WEEK_HOURS);
  if (extraWeeks > 0) {
    const factor = (1 - SLOT_ALPHA_MIN) ** extraWeeks;
    for (let s = 0; s < WEEK_HOURS; s++) c.u16[seasonal + s] = encodeRate(decodeRate(c.u16[seasonal + s]!) * factor);
  }
  const f = c.b32f;
  c.f32[f + F32.level24] = c.f32[f + F32.level24]! * (23 / 24) ** gap;
  c.f32[f + F32.bytesPeak5] = c.f32[f + F32.bytesPeak5]! * PEAK_DECAY_PER_HOUR ** gap;
  c.f32[f + F32.respPeak] = c.f32[f + F32.respPeak]! * PEAK_DECAY_PER_HOUR ** gap;
  c.f32[f + F32.rec5] = c.f32[f + F32.rec5]! * PEAK_DECAY_PER_HOUR ** gap;
}

/** EWMA (weight 0.2, in the count domain) of an hour's largest 1-min or 5-min count; at most 3× per hour while cautious. */
function learnPeak(c: Cursor, field: number, observed: number, cautious: boolean): void {
  const at = c.b8 + field;
  const code = c.u8[at]!;
  const old = decodePeak(code);
  const x = cautious && code !== 0 ? Math.min(observed, 3 * old + 3) : observed;
  c.u8[at] = encodePeak(code === 0 ? x : old + 0.2 * (x - old));
}

/**
 * Peak-hold with slow decay: max(observed, peak · decay). While `cautious` (learned, or alerting) an
 * observation may at most double the peak, so one burst cannot teach the norm its own size.
 */
export function peakHold(c: Cursor, field: number, observed: number, decay: number, cautious: boolean, floor = 0): void {
  const i = c.b32f + field;
  const peak = c.f32[i]!;
  const capped = cautious ? Math.min(observed, Math.max(2 * peak, floor)) : observed;
  c.f32[i] = Math.max(capped, peak * decay);
}
