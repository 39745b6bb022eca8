import { fmt } from '../math/format';
import { fnv1a, setBit, zeroBits } from '../math/hash';
import { linearCount, logRamp } from '../math/stats';
import { LAYOUT, BITMAP_WORDS } from '../state/layout';
import type { EvalContext } from './eval-context';
import { coldFactor } from './volume.signal';
import { peakHold } from './volume-baseline';

const { F32, U32 } = LAYOUT;

const WINDOW_MS = 600_000;
const BITS = BITMAP_WORDS * 32;
const DECAY_PER_WINDOW = 0.999; // half-life about 4.8 days of active windows

/**
 * ip_fanout: distinct source IPs in a 10-minute window (a 128-bit linear-counting sketch) against the
 * token's usual peak. Fires when the count is both above `minDistinct` and `minFold` × the peak.
 */
export function ipFanoutSignal(ctx: EvalContext): void {
  const ip = ctx.e.ip;
  if (!ip) return;
  const c = ctx.cur;
  const u = c.b32;
  const cfg = ctx.cfg.signals.ip_fanout;
  const w = Math.floor(ctx.ts / WINDOW_MS);
  const open = c.u32[u + U32.ipWin]!;
  if (w !== open) {
    if (open !== 0 && w > open) {
      const distinct = linearCount(zeroBits(c.u32, u + U32.ipBits, BITMAP_WORDS), BITS);
      peakHold(c, F32.ipPeak, distinct, DECAY_PER_WINDOW ** (w - open), ctx.learned || ctx.firing, cfg.minDistinct / 2);
    }
    c.u32.fill(0, u + U32.ipBits, u + U32.ipBits + BITMAP_WORDS);
    c.u32[u + U32.ipWin] = w;
  }
  if (ctx.ipAllowed()) return;
  if (!setBit(c.u32, u + U32.ipBits, fnv1a(ip) & (BITS - 1))) return;
  if (!cfg.enabled) return;
  const distinct = linearCount(zeroBits(c.u32, u + U32.ipBits, BITMAP_WORDS), BITS);
  if (distinct < cfg.minDistinct) return;
  let peak = c.f32[c.b32f + F32.ipPeak]!;
  let fold = cfg.minFold;
  if (!ctx.learned) {
    peak = Math.max(peak, ctx.peer()?.ipPeak ?? 0);
    fold *= 2;
  }
  const threshold = Math.max(cfg.minDistinct, fold * Math.max(peak, 1));
  if (distinct < threshold) return;
  const score = logRamp(distinct / Math.max(peak, 1), fold, fold * 8, 0.45, 0.85) * coldFactor(ctx);
  if (!ctx.wants('ip_fanout', score)) return;
  const detail = `${fmt(distinct)} distinct source IPs in 10 min vs a typical peak of ${fmt(peak)} (threshold ${fmt(threshold)}).`;
  ctx.hit('ip_fanout', score, Math.round(distinct), Math.round(peak * 10) / 10, detail);
}
