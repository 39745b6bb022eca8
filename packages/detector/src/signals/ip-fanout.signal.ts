import { fmt } from '../math/format';
import { fnv1a, popcount, setBit, zeroBits } from '../math/hash';
import { linearCount, logRamp } from '../math/stats';
import { LAYOUT, BITMAP_WORDS } from '../state/layout';
import type { EvalContext } from './eval-context';
import { coldFactor } from './volume.signal';
import { IP_FANOUT_SCORE } from './score-weights';

const { F32, U32, U8 } = LAYOUT;

const WINDOW_MS = 600_000;
const BITS = BITMAP_WORDS * 32;
const DECAY_PER_WINDOW = 0.999; // half-life about 4.8 days of active windows

/**
 * ip_fanout: distinct source IPs over the current and the previous 10-minute window (two 128-bit
 * linear-counting sketches, so an attack is not split by a window edge) against the token's usual
 * peak per window. Fires above both `minDistinct` and `minFold` × that peak.
 */
export function ipFanoutSignal(ctx: EvalContext): void {
  const ip = ctx.e.ip;
  if (!ip) return;
  const c = ctx.cur;
  const u = c.b32;
  const cfg = ctx.cfg.signals.ip_fanout;
  const w = Math.floor(ctx.ts / WINDOW_MS);
  const open = c.u32[u + U32.ipWin]!;
  if (w > open) closeWindow(ctx, w, open);
  if (ctx.ipAllowed()) return;
  if (!setBit(c.u32, u + U32.ipBits, fnv1a(ip) & (BITS - 1))) return;
  if (!cfg.enabled) return;
  const distinct = linearCount(unionZeros(c.u32, u), BITS);
  if (distinct < cfg.minDistinct) return;
  let peak = c.f32[c.b32f + F32.ipPeak]!;
  let fold = cfg.minFold;
  if (!ctx.learned) {
    peak = Math.max(peak, ctx.peer()?.ipPeak ?? 0);
    fold *= 2;
  }
  const threshold = Math.max(cfg.minDistinct, fold * Math.max(peak, 1));
  if (distinct < threshold) return;
  const score = logRamp(distinct / Math.max(peak, 1), fold, fold * 8, IP_FANOUT_SCORE.from, IP_FANOUT_SCORE.to) * coldFactor(ctx);
  if (!ctx.wants('ip_fanout', score)) return;
  const detail = `${fmt(distinct)} distinct source IPs in 10-20 min vs a typical peak of ${fmt(peak)} per 10 min (threshold ${fmt(threshold)}).`;
  ctx.hit('ip_fanout', score, Math.round(distinct), Math.round(peak * 10) / 10, detail);
}

/** Moves to window `w`: the closed window teaches the peak (slowly once learned) and becomes "previous". */
function closeWindow(ctx: EvalContext, w: number, open: number): void {
  const c = ctx.cur;
  const u = c.b32;
  if (open !== 0) {
    const distinct = linearCount(zeroBits(c.u32, u + U32.ipBits, BITMAP_WORDS), BITS);
    const at = c.b32f + F32.ipPeak;
    const peak = c.f32[at]!;
    const oddAt = c.b8 + U8.ipOdd;
    const odd = distinct > 2 * peak + 1 ? Math.min(255, c.u8[oddAt]! + 1) : 0;
    c.u8[oddAt] = odd;
    // Once learned, an unusual window teaches nothing until such windows have lasted an hour (a real
    // change of deployment); then the norm grows by at most a quarter (and half an address) per window.
    const learning = !(ctx.learned || ctx.firing);
    const capped = learning ? distinct : odd > 0 && odd < 6 ? 0 : Math.min(distinct, 1.25 * peak + 0.5);
    c.f32[at] = Math.max(capped, peak * DECAY_PER_WINDOW ** (w - open));
  }
  for (let i = 0; i < BITMAP_WORDS; i++) {
    c.u32[u + U32.ipPrevBits + i] = w - open === 1 ? c.u32[u + U32.ipBits + i]! : 0;
    c.u32[u + U32.ipBits + i] = 0;
  }
  c.u32[u + U32.ipWin] = w;
}

function unionZeros(words: Uint32Array, u: number): number {
  let ones = 0;
  for (let i = 0; i < BITMAP_WORDS; i++) ones += popcount((words[u + U32.ipBits + i]! | words[u + U32.ipPrevBits + i]!) >>> 0);
  return BITS - ones;
}
