import { fmt, fmtBytes, fmtP } from '../math/format';
import { log10UpperTail, logRamp } from '../math/stats';
import { describeHourOfWeek, hourIndex, hourOfWeek } from '../math/time';
import { MARGIN_FOR_09 } from '../series/score-series';
import { noveltyScore, rangeMargin } from '../series/range-novelty';
import { LAYOUT, RING } from '../state/layout';
import type { EvalContext } from './eval-context';
import { fiveMinuteCount, refreshThresholds, thresholdsStale } from './volume-baseline';
import { EXTREME_TAIL_BONUS, EXTREME_TAIL_LOG10P, SINGLE_RESPONSE_SCORE, SPIKE_SCORE } from './score-weights';

const { F32, F64, U32 } = LAYOUT;

/**
 * volume_spike: the 1-minute and rolling 5-minute request counts against the hour-of-week baseline
 * (thresholds precomputed once a minute by refreshThresholds: a fold over the expected peak and a
 * negative-binomial tail probability, so low-volume tokens get Poisson-exact tails). Spikes only.
 */
export function volumeSignal(ctx: EvalContext): void {
  const c = ctx.cur;
  const u = c.b32;
  const f = c.b32f;
  const m = c.u32[u + U32.minute]!;
  const slot = u + U32.ring + (m % RING);
  const inMinute = c.u32[slot]! + 1;
  c.u32[slot] = inMinute;
  const win = fiveMinuteCount(c);
  c.u32[u + U32.hourCount] = c.u32[u + U32.hourCount]! + 1;
  if (win < c.f32[f + F32.thr5]! && inMinute < c.f32[f + F32.thr1]!) return;
  if (thresholdsStale(c)) {
    refreshThresholds(ctx);
    if (win < c.f32[f + F32.thr5]! && inMinute < c.f32[f + F32.thr1]!) return;
  }
  // Evaluate at most once a minute, or again when the count has grown by half since.
  if (win < c.u32[u + U32.evalCount]! * 1.5) return;
  c.u32[u + U32.evalCount] = win;

  const cfg = ctx.cfg.signals.volume_spike;
  const e5 = c.f32[f + F32.e5]!;
  const e1 = c.f32[f + F32.e1]!;
  const fold5 = win >= c.f32[f + F32.thr5]! ? win / e5 : 0;
  const fold1 = inMinute >= c.f32[f + F32.thr1]! ? inMinute / e1 : 0;
  const five = fold5 >= fold1;
  const [x, expected, fold] = five ? [win, e5, fold5] : [inMinute, e1, fold1];
  const minFold = ctx.learned ? cfg.minFold : cfg.coldStartFold;
  const phi = Math.min(4, c.f32[f + F32.phi]!);
  // range novelty, as scoreSeries scores it: how far the 5-min count is past the token's record
  const record = c.f32[f + F32.rec5]!;
  const margin = ctx.learned && record > 0 ? rangeMargin(win, 0, record) : 0;
  const base = Math.max(logRamp(fold, minFold, minFold * 10, SPIKE_SCORE.from, SPIKE_SCORE.to), noveltyScore(margin, MARGIN_FOR_09));
  if (!ctx.wants('volume_spike', base * coldFactor(ctx))) return;
  const lp = log10UpperTail(x, expected, phi);
  const score = Math.min(1, base + (lp <= EXTREME_TAIL_LOG10P ? EXTREME_TAIL_BONUS : 0)) * coldFactor(ctx);
  const sd = Math.sqrt(expected + phi * expected * expected);
  const when = describeHourOfWeek(hourOfWeek(hourIndex(ctx.ts)));
  const source = baselineSource(ctx);
  ctx.hit(
    'volume_spike',
    score,
    x,
    Math.round(expected * 10) / 10,
    `${fmt(x)} requests in ${five ? '5 min' : '1 min'} vs a typical peak of ${fmt(expected)} ± ${fmt(sd)} for ${when}${source} (${fmt(fold)}×, ${fmtP(lp)})${margin > 0 ? `; ${fmt(win)} in 5 min is past the token's record of ${fmt(record)} by ${fmt(100 * margin)}%` : ''}.`,
  );
}

/**
 * bytes_spike: response bytes in the rolling 5 minutes against the token's typical 5-minute peak
 * (and its expected volume times bytes per request), and single responses far above the largest
 * the token usually gets: the shape of a bulk export.
 */
export function bytesSignal(ctx: EvalContext): void {
  const b = ctx.e.bytes ?? 0;
  if (b <= 0) return;
  const c = ctx.cur;
  const f = c.b32f;
  const m = c.u32[c.b32 + U32.minute]!;
  c.f32[f + F32.ringBytes + (m % RING)] = c.f32[f + F32.ringBytes + (m % RING)]! + b;
  const w = c.f32[f + F32.win5Bytes]! + b;
  c.f32[f + F32.win5Bytes] = w;
  c.f32[f + F32.hourBytes] = c.f32[f + F32.hourBytes]! + b;
  if (b > c.f32[f + F32.hourRespMax]!) c.f32[f + F32.hourRespMax] = b;

  const cfg = ctx.cfg.signals.bytes_spike;
  if (!cfg.enabled || (w < cfg.minBytes5m && b < cfg.minSingleBytes)) return;
  let peak5 = c.f32[f + F32.bytesPeak5]!;
  let resp = c.f32[f + F32.respPeak]!;
  let fold = cfg.minFold;
  let single = cfg.singleResponseFold;
  if (!ctx.learned) {
    const peer = ctx.peer();
    if (peer) {
      peak5 = Math.max(peak5, peer.bytesPeak5);
      resp = Math.max(resp, peer.respPeak);
    } else if (hourIndex(ctx.ts) <= hourIndex(c.f64[c.b64 + F64.firstSeen]!)) return;
    fold *= 2;
    single *= 2;
  }
  if (w >= cfg.minBytes5m && thresholdsStale(c)) refreshThresholds(ctx);
  const ref5 = Math.max(peak5, Math.max(0, c.f32[f + F32.e5]!) * c.f32[f + F32.bpr]!);
  const source = baselineSource(ctx);
  if (w >= cfg.minBytes5m && w >= fold * ref5) {
    const ratio = w / Math.max(ref5, 1);
    const score = logRamp(ratio, fold, fold * 20, SPIKE_SCORE.from, SPIKE_SCORE.to) * coldFactor(ctx);
    if (ctx.wants('bytes_spike', score)) {
      const detail = `${fmtBytes(w)} of responses in 5 min vs a typical peak of ${fmtBytes(ref5)}${source} (${fmt(ratio)}×).`;
      ctx.hit('bytes_spike', score, Math.round(w), Math.round(ref5), detail);
    }
    return;
  }
  if (b >= cfg.minSingleBytes && b >= single * resp) {
    const ratio = b / Math.max(resp, 1);
    // one large response alone is weak evidence (a legitimate occasional export looks the same)
    const score = logRamp(ratio, single, single * 20, SINGLE_RESPONSE_SCORE.from, SINGLE_RESPONSE_SCORE.to) * coldFactor(ctx);
    if (ctx.wants('bytes_spike', score)) {
      const detail = `One response of ${fmtBytes(b)} vs a typical largest response of ${fmtBytes(resp)}${source} (${fmt(ratio)}×).`;
      ctx.hit('bytes_spike', score, b, Math.round(resp), detail);
    }
  }
}

/** A token learning without any peer baseline compares only with its own first hours: weak evidence. */
export const coldFactor = (ctx: EvalContext): number => (ctx.learned || ctx.peer() ? 1 : ctx.cfg.decision.learningFactor);

/** ", borrowed from consumer acme" while the token learns on a peer baseline; "" otherwise. */
export function baselineSource(ctx: EvalContext): string {
  if (ctx.learned) return '';
  const peer = ctx.peer();
  return peer ? ` (new token; baseline borrowed from ${peer.label})` : ' (new token, own first hours)';
}
