import { fmt } from '../math/format';
import { fnv1a, setBit, zeroBits } from '../math/hash';
import { clamp01, linearCount } from '../math/stats';
import { LAYOUT, BITMAP_WORDS, RING } from '../state/layout';
import { prevWeight } from './auth-failures.signal';
import type { EvalContext } from './eval-context';
import { coldFactor } from './volume.signal';
import { peakHold } from './volume-baseline';
import { LEARNING_FOLD_FACTOR } from './score-weights';

const { F32, U16, U32 } = LAYOUT;

const BITS = BITMAP_WORDS * 32;

/**
 * enumeration: many distinct paths (ids) in a sliding minute, far above the token's usual peak, with
 * a high share of 404s (or, without 404s, three times the threshold): walking an id space.
 */
export function enumerationSignal(ctx: EvalContext): void {
  const c = ctx.cur;
  const u = c.b32;
  const notFound = ctx.e.status === 404;
  if (notFound) c.u32[u + U32.nfCur] = c.u32[u + U32.nfCur]! + 1;
  const path = ctx.e.path ?? ctx.e.route;
  const fresh = path !== null && setBit(c.u32, u + U32.enumBits, fnv1a(path) & (BITS - 1));
  if (!fresh && !notFound) return;
  const cfg = ctx.cfg.signals.enumeration;
  if (!cfg.enabled) return;
  const w = prevWeight(ctx.ts);
  const distinct = linearCount(zeroBits(c.u32, u + U32.enumBits, BITMAP_WORDS), BITS) + c.u16[c.b16 + U16.enumPrev]! * w;
  if (distinct < cfg.minDistinct) return;
  let peak = c.f32[c.b32f + F32.enumPeak]!;
  let fold = cfg.minFold;
  if (!ctx.learned) {
    peak = Math.max(peak, ctx.peer()?.enumPeak ?? 0);
    fold *= LEARNING_FOLD_FACTOR;
  }
  const threshold = Math.max(cfg.minDistinct, fold * peak);
  if (distinct < threshold) return;
  const m = c.u32[u + U32.minute]!;
  const requests = c.u32[u + U32.ring + (m % RING)]! + c.u32[u + U32.ring + ((m + RING - 1) % RING)]! * w;
  const nf = c.u32[u + U32.nfCur]! + c.u32[u + U32.nfPrev]! * w;
  const ratio = requests > 0 ? Math.min(1, nf / requests) : 0;
  if (ratio < cfg.minNotFoundRatio && distinct < 3 * threshold) return;
  const strength =
    0.5 + 0.2 * clamp01((ratio - cfg.minNotFoundRatio) / (1 - cfg.minNotFoundRatio)) + 0.1 * clamp01(Math.log(distinct / threshold) / Math.log(5));
  const score = strength * coldFactor(ctx);
  if (!ctx.wants('enumeration', score)) return;
  const d = Math.round(distinct);
  const detail = `${fmt(d)} distinct paths in the last minute, ${fmt(100 * ratio)}% of them 404, vs a typical peak of ${fmt(peak)} distinct paths per minute (threshold ${fmt(threshold)}).`;
  ctx.hit('enumeration', score, d, Math.round(peak * 10) / 10, detail);
}

/** Closes the enumeration minute `old` on the way to `minute` (the peak decays hourly: decayMinutePeaks). */
export function rollEnumerationMinute(ctx: EvalContext, old: number, minute: number): void {
  const c = ctx.cur;
  const u = c.b32;
  const zeros = zeroBits(c.u32, u + U32.enumBits, BITMAP_WORDS);
  if (zeros === BITS && c.u32[u + U32.nfCur] === 0 && c.u16[c.b16 + U16.enumPrev] === 0 && c.u32[u + U32.nfPrev] === 0) return;
  // a handful of set bits is (almost surely) that many paths; the peak decays hourly (decayMinutePeaks)
  const distinct = BITS - zeros <= 3 ? BITS - zeros : linearCount(zeros, BITS);
  if (distinct > c.f32[c.b32f + F32.enumPeak]!) peakHold(c, F32.enumPeak, distinct, 1, ctx.learned || ctx.firing, ctx.cfg.signals.enumeration.minDistinct / 2);
  const adjacent = minute - old === 1;
  c.u16[c.b16 + U16.enumPrev] = adjacent ? Math.round(distinct) : 0;
  c.u32[u + U32.nfPrev] = adjacent ? c.u32[u + U32.nfCur]! : 0;
  c.u32[u + U32.nfCur] = 0;
  c.u32.fill(0, u + U32.enumBits, u + U32.enumBits + BITMAP_WORDS);
}
