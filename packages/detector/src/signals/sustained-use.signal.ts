import { fmtDuration } from '../math/format';
import { LAYOUT } from '../state/layout';
import type { EvalContext } from './eval-context';

const { F32, F64, U32, U8 } = LAYOUT;

/** The longest run of use is a peak-hold norm that loses this share each time a run ends. */
const RUN_PEAK_DECAY = 0.998;

/**
 * Runs of use. A person uses a token in sittings: an app session, a few calls from a desktop tool,
 * then a pause. A second client (a cloned session, a script on a leaked key) keeps its own clock and
 * does not pause when the owner does. A run is the token's requests with no pause longer than
 * `concurrent_geo.runGapMs`; the longest run a token had is its norm (peak-hold, slowly decaying).
 *
 * Sources new in a run: a network operator the token never used (network signal) or, on a fixed-line
 * network, a place it never used (travel signal; a household or an office has one address and one
 * place at a time, a cloud deployment changes regions and is left out). Such a source is remembered
 * for the rest of the run (one bit per network or place slot), so it stays "new" after its third
 * request; a run that ends teaches the norm only up to its first request from a new source, because
 * what a new client did is not the owner's habit.
 *
 * Called before the network and travel signals: starts a new run after a pause.
 */
export function trackRun(ctx: EvalContext): void {
  const c = ctx.cur;
  const sec = Math.floor(ctx.ts / 1000);
  const start = c.u32[c.b32 + U32.runStart]!;
  const last = Math.floor(c.f64[c.b64 + F64.lastSeen]! / 1000);
  if (start !== 0 && sec - last <= ctx.cfg.signals.concurrent_geo.runGapMs / 1000) return;
  if (start !== 0 && last >= start) {
    const novelSec = c.u32[c.b32 + U32.novelSec]!;
    const end = novelSec >= start && novelSec <= last ? novelSec : last;
    const at = c.b32f + F32.runPeak;
    c.f32[at] = Math.max(end - start, c.f32[at]! * RUN_PEAK_DECAY);
  }
  c.u32[c.b32 + U32.runStart] = sec;
  c.u8[c.b8 + U8.runNewNets] = 0;
  c.u8[c.b8 + U8.runNewPlaces] = 0;
}

/** A slot (of networks or places) got a new occupant: new in this run when the token had others before. */
export function markRunSource(u8: Uint8Array, at: number, slot: number, novel: boolean): void {
  u8[at] = novel ? u8[at]! | (1 << slot) : u8[at]! & ~(1 << slot);
}

export function isRunSource(u8: Uint8Array, at: number, slot: number): boolean {
  return (u8[at]! & (1 << slot)) !== 0;
}

/**
 * concurrent_geo by a run: requests from sources new in the current run have gone on, without a pause
 * longer than `runGapMs`, for at least `sustainedMinMs` and `sustainedFold` × the token's longest run
 * (or the part of this run before the new source appeared, for tokens in use without pause). A person
 * on a new Wi-Fi or a new carrier uses the token in their usual sittings; a client that runs for hours
 * on its own clock beside them, or while they sleep, is a second one. Runs after the network and travel
 * signals, which set `ctx.sourceNovel`.
 */
export function sustainedUseSignal(ctx: EvalContext): void {
  if (!ctx.sourceNovel) return;
  const c = ctx.cur;
  const cfg = ctx.cfg.signals.concurrent_geo;
  const sec = Math.floor(ctx.ts / 1000);
  const start = c.u32[c.b32 + U32.runStart]!;
  let novelSec = c.u32[c.b32 + U32.novelSec]!;
  if (novelSec < start || novelSec > sec) {
    novelSec = sec;
    c.u32[c.b32 + U32.novelSec] = sec;
  }
  if (!cfg.enabled || !ctx.learned || ctx.ipAllowed()) return;
  const span = sec - novelSec;
  const norm = Math.max(c.f32[c.b32f + F32.runPeak]!, novelSec - start);
  const threshold = Math.max(cfg.sustainedMinMs / 1000, cfg.sustainedFold * norm);
  if (span < threshold || !ctx.wants('concurrent_geo', cfg.sustainedScore)) return;
  const net = ctx.e.network;
  const source = net?.asn ? `AS${net.asn}${net.org ? ` ${net.org}` : ''}` : 'a new source';
  const where = ctx.e.geo?.city ? ` (${ctx.e.geo.city})` : '';
  const detail = `Requests from sources this token did not use before, now ${source}${where}, have gone on for ${fmtDuration(span * 1000)} without a pause of more than ${fmtDuration(cfg.runGapMs)}; the token's longest run of use is ${fmtDuration(norm * 1000)} (threshold ${fmtDuration(threshold * 1000)}): a second client keeping its own clock.`;
  ctx.hit('concurrent_geo', cfg.sustainedScore, Math.round(span / 60), Math.round(norm / 60), detail);
}
