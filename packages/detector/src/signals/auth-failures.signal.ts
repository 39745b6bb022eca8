import { fmt } from '../math/format';
import { logRamp } from '../math/stats';
import { LAYOUT } from '../state/layout';
import type { EvalContext } from './eval-context';
import { coldFactor } from './volume.signal';
import { peakHold } from './volume-baseline';
import { AUTH_FAILURE_SCORE, LEARNING_FOLD_FACTOR } from './score-weights';

const { F32, U32 } = LAYOUT;

/** Per-minute peaks decay with a half-life of about 4.8 days of active minutes. */
export const MINUTE_DECAY = 0.9999;

/** Share of the previous minute still inside a sliding 60 s window ending at `ts`. */
export const prevWeight = (ts: number): number => 1 - (ts % 60_000) / 60_000;

/**
 * auth_failures: 401/403 responses in a sliding minute against the token's usual per-minute peak of
 * failures; fires above both `minFailures` and `minFold` × that peak.
 */
export function authFailuresSignal(ctx: EvalContext): void {
  const status = ctx.e.status;
  if (status !== 401 && status !== 403) return;
  const c = ctx.cur;
  const u = c.b32;
  const cur = c.u32[u + U32.failCur]! + 1;
  c.u32[u + U32.failCur] = cur;
  const cfg = ctx.cfg.signals.auth_failures;
  if (!cfg.enabled) return;
  const failures = cur + c.u32[u + U32.failPrev]! * prevWeight(ctx.ts);
  if (failures < cfg.minFailures) return;
  let peak = c.f32[c.b32f + F32.failPeak]!;
  let fold = cfg.minFold;
  if (!ctx.learned) {
    peak = Math.max(peak, ctx.peer()?.failPeak ?? 0);
    fold *= LEARNING_FOLD_FACTOR;
  }
  const threshold = Math.max(cfg.minFailures, fold * peak);
  if (failures < threshold) return;
  const score = logRamp(failures / threshold, 1, 10, AUTH_FAILURE_SCORE.from, AUTH_FAILURE_SCORE.to) * coldFactor(ctx);
  if (!ctx.wants('auth_failures', score)) return;
  const n = Math.round(failures);
  const detail = `${fmt(n)} auth failures (401/403) in the last minute vs a typical peak of ${fmt(peak)} per minute (threshold ${fmt(threshold)}).`;
  ctx.hit('auth_failures', score, n, Math.round(peak * 10) / 10, detail);
}

/** The slow decay of the per-minute peaks (failures, distinct paths), applied when hours close. */
export function decayMinutePeaks(ctx: EvalContext, hours: number): void {
  const c = ctx.cur;
  const factor = MINUTE_DECAY ** (60 * hours);
  c.f32[c.b32f + F32.failPeak] = c.f32[c.b32f + F32.failPeak]! * factor;
  c.f32[c.b32f + F32.enumPeak] = c.f32[c.b32f + F32.enumPeak]! * factor;
}

/** Closes the failure minute `old` on the way to `minute` (the peak decays hourly: decayMinutePeaks). */
export function rollAuthMinute(ctx: EvalContext, old: number, minute: number): void {
  const c = ctx.cur;
  const u = c.b32;
  const closed = c.u32[u + U32.failCur]!;
  const floor = ctx.cfg.signals.auth_failures.minFailures / 2;
  if (closed > 0) peakHold(c, F32.failPeak, closed, 1, ctx.learned || ctx.firing, floor);
  c.u32[u + U32.failPrev] = minute - old === 1 ? closed : 0;
  c.u32[u + U32.failCur] = 0;
}
