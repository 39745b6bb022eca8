import { fmtDuration } from '../math/format';
import { popcount } from '../math/hash';
import { LAYOUT, SEQ_HIGH_MASK, SEQ_HIGH_SHIFT, SEQ_NOVEL } from '../state/layout';
import type { EvalContext } from './eval-context';
import { ROUTINE_SEQUENCE_FACTOR, SEQUENCE_SCORE } from './score-weights';

const { F64, U8 } = LAYOUT;

/**
 * sequence: the reported OAuth-token breach chain — recon (list objects) -> describe -> count probes ->
 * API-limits check -> bulk export job -> delete job — matched in order (stages may be skipped or
 * repeated, never go backwards) within `windowMs`. Fires from `minStages` stages including the
 * required one (bulk export); each further stage raises the score. A chain made only of routes the
 * token (or, while learning, its peers) already used is a routine job and scores far lower.
 */
export function sequenceSignal(ctx: EvalContext): void {
  const cfg = ctx.cfg.signals.sequence;
  if (!cfg.enabled || ctx.routeId === 0 || ctx.e.route === null) return;
  const stage = ctx.classifier.stage(ctx.e.method, ctx.routeId, ctx.e.route);
  if (stage < 0) return;
  const c = ctx.cur;
  const maskAt = c.b8 + U8.seqMask;
  const flagsAt = c.b8 + U8.flags;
  let mask = c.u8[maskAt]!;
  let high = (c.u8[flagsAt]! & SEQ_HIGH_MASK) >>> SEQ_HIGH_SHIFT;
  if (mask === 0 || ctx.ts - c.f64[c.b64 + F64.seqStart]! > cfg.windowMs) {
    mask = 0;
    high = 0;
    c.f64[c.b64 + F64.seqStart] = ctx.ts;
  }
  if (stage + 1 < high) return;
  const before = mask;
  mask |= 1 << stage;
  if (!ctx.routeKnown) mask |= SEQ_NOVEL;
  high = stage + 1;
  c.u8[maskAt] = mask;
  c.u8[flagsAt] = (c.u8[flagsAt]! & ~SEQ_HIGH_MASK) | (high << SEQ_HIGH_SHIFT);
  if (mask === before) return;

  const stages = popcount(mask & ~SEQ_NOVEL);
  const req = ctx.classifier.requiredStage;
  if (stages < cfg.minStages || (req >= 0 && (mask & (1 << req)) === 0)) return;
  const total = ctx.classifier.stageNames.length;
  let score = Math.min(
    SEQUENCE_SCORE.max,
    SEQUENCE_SCORE.from + ((SEQUENCE_SCORE.to - SEQUENCE_SCORE.from) * (stages - cfg.minStages)) / Math.max(1, total - cfg.minStages),
  );
  const novel = (mask & SEQ_NOVEL) !== 0;
  if (!novel) score *= ROUTINE_SEQUENCE_FACTOR;
  if (!ctx.wants('sequence', score)) return;
  const names = ctx.classifier.stageNames.filter((_, i) => (mask & (1 << i)) !== 0);
  const took = fmtDuration(ctx.ts - c.f64[c.b64 + F64.seqStart]!);
  const detail = `Breach-pattern sequence ${names.join(' -> ')} (${stages} of ${total} stages) within ${took}${novel ? ', on routes new to this token' : ', all on routes this token already used'}; a normal token shows none of it.`;
  ctx.hit('sequence', score, names, ctx.classifier.stageNames, detail);
}
