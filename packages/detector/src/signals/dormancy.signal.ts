import { fmt, fmtDuration } from '../math/format';
import { popcount } from '../math/hash';
import { DAY_MS, describeHourOfWeek, hourIndex, hourOfWeek, slotObservations } from '../math/time';
import { FLAG_OFF_HOURS_CLEAR, LAYOUT, decodeRate, rateCodeAtMost } from '../state/layout';
import type { EvalContext } from './eval-context';

const { F32, F64, U16, U32, U8 } = LAYOUT;

/**
 * dormant_reactivation: the first request after at least `minDays` of silence, and at least
 * `gapFold` times the longest silence the token had before (a monthly job is not dormant).
 * Call before the event updates lastSeen.
 */
export function dormancySignal(ctx: EvalContext): void {
  const c = ctx.cur;
  const lastSeen = c.f64[c.b64 + F64.lastSeen]!;
  const gap = ctx.ts - lastSeen;
  const maxGapAt = c.b32f + F32.maxGap;
  const maxGap = c.f32[maxGapAt]!;
  if (gap <= maxGap) return;
  c.f32[maxGapAt] = gap;
  const cfg = ctx.cfg.signals.dormant_reactivation;
  const events = c.u32[c.b32 + U32.events]!;
  if (!cfg.enabled || gap < cfg.minDays * DAY_MS || gap < cfg.gapFold * maxGap || events < ctx.cfg.learning.minEvents) return;
  if (!ctx.wants('dormant_reactivation', cfg.score)) return;
  const last = new Date(lastSeen).toISOString().slice(0, 10);
  const detail = `First request after ${fmtDuration(gap)} of silence (last seen ${last}); the longest earlier silence was ${fmtDuration(maxGap)}, the limit ${fmt(cfg.minDays)} days.`;
  ctx.hit('dormant_reactivation', cfg.score, Math.round(gap / DAY_MS), Math.round(maxGap / DAY_MS), detail);
}

/**
 * off_hours: the token's own active hours, from its hour-of-week baseline. Checked once a minute while
 * the token has been active in at least `minActiveMinutes` of the last 32 minutes (sustained use; a
 * stray request or a short odd-hour job is not enough). Strong (`score`) when this
 * hour of day, `marginHours` either side, has been dead (under `maxExpectedPerHour`) on every day
 * observed, at least `minDays` of them — a business-hours integration at 03:00; weaker (`weekScore`)
 * when only this hour of the week is dead (a weekday token at the weekend).
 */
export function offHoursSignal(ctx: EvalContext): void {
  const cfg = ctx.cfg.signals.off_hours;
  const c = ctx.cur;
  if (!cfg.enabled || !ctx.learned || ctx.ts - c.f64[c.b64 + F64.firstSeen]! < cfg.minDays * DAY_MS) return;
  const level = c.f32[c.b32f + F32.level24]!;
  if (level < cfg.minLevelPerHour) return;
  const hour = hourIndex(ctx.ts);
  // the verdict depends only on the hour and the seasonal slots, which change when an hour closes
  const flagsAt = c.b8 + U8.flags;
  if ((c.u8[flagsAt]! & FLAG_OFF_HOURS_CLEAR) !== 0) return;
  const firstHour = hourIndex(c.f64[c.b64 + F64.firstSeen]!);
  const how = hourOfWeek(hour);
  const seasonal = c.b16 + U16.seasonal;
  const m = cfg.marginHours;
  // slots compare as codes: decodeRate is monotonic, so one decode per call instead of one per slot
  const deadCode = rateCodeAtMost(cfg.maxExpectedPerHour);
  let dayDead = true;
  let weekDead = true;
  let busiestCode = 0;
  let daySlots = 0;
  // The last two completed hours may already hold the very activity being judged: they do not count.
  const recent1 = (how + 167) % 168;
  const recent2 = (how + 166) % 168;
  for (let d = -m; d <= m; d++) {
    const s = (how + d + 168) % 168;
    const skip = s === recent1 || s === recent2;
    if (!skip && (slotObservations(s, firstHour, hour) === 0 || c.u16[seasonal + s]! > deadCode)) weekDead = false;
    for (let day = 0; day < 7; day++) {
      const other = (s + day * 24) % 168;
      if (other === recent1 || other === recent2 || slotObservations(other, firstHour, hour) === 0) continue;
      const code = c.u16[seasonal + other]!;
      daySlots++;
      if (code > busiestCode) busiestCode = code;
      if (code > deadCode) dayDead = false;
    }
  }
  // an hour with no observed slot to compare is unknown, not dead (weekDead needs the hour's own slot observed)
  const score = dayDead && daySlots > 0 ? cfg.score : weekDead ? cfg.weekScore : 0;
  if (score === 0) c.u8[flagsAt] = c.u8[flagsAt]! | FLAG_OFF_HOURS_CLEAR;
  if (!ctx.wants('off_hours', score)) return;
  const busiest = decodeRate(busiestCode);
  const count = popcount(c.u32[c.b32 + U32.minuteBits]!);
  const when = describeHourOfWeek(how);
  const span = `${m > 0 ? `within ${m} h of ` : ''}${dayDead ? `${when.slice(when.indexOf(' ') + 1)} on any of the ${fmt((ctx.ts - c.f64[c.b64 + F64.firstSeen]!) / DAY_MS)} days observed` : `${when} in past weeks`}`;
  const detail = `Active in ${count} of the last 32 minutes on ${when}; this token has averaged at most ${fmt(busiest)} requests per hour ${span}, against ${fmt(level)} per hour over the last day.`;
  ctx.hit('off_hours', score, when, Math.round(busiest * 1000) / 1000, detail);
}
