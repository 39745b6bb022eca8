import { fmt } from '../math/format';
import { rehash } from '../math/hash';
import { jensenShannon } from '../math/stats';
import { LAYOUT, BLOOM_WORDS, ROUTE_SLOTS } from '../state/layout';
import { bumpSlot } from '../state/slots';
import type { EvalContext } from './eval-context';
import { ENDPOINT_DRIFT_SCORE } from './score-weights';

const { F32, U16, U32, U8 } = LAYOUT;

const BLOOM_BITS = BLOOM_WORDS * 32;

/**
 * Endpoint mix. new_endpoint: a route the token has never called (a 256-bit Bloom filter remembers
 * routes beyond the 16 tracked). sensitive_endpoint: the first call of a sensitive route (admin,
 * export, bulk, keys, users, DELETE). endpoint_drift: Jensen–Shannon divergence of the recent route mix
 * from the token's usual mix, beyond both `minJsd` and the token's own typical divergence.
 */
export function endpointSignal(ctx: EvalContext): void {
  const route = ctx.e.route ?? '(no route)';
  const c = ctx.cur;
  const a = c.u16;
  const ids = c.b16 + U16.routeId;
  const id = ctx.interns.route.id(route);
  ctx.routeId = id;
  let slot = -1;
  for (let i = 0; i < ROUTE_SLOTS; i++) if (a[ids + i] === id) slot = i;
  const h = ctx.interns.route.hash(id);
  const known = slot >= 0 || bloomHas(c.u32, c.b32 + U32.routeBloom, h);
  if (!known) bloomAdd(c.u32, c.b32 + U32.routeBloom, h);
  if (slot < 0) slot = replaceSlot(ctx, id);
  const recentAt = c.b8 + U8.routeRecent + slot;
  c.u8[recentAt] = c.u8[recentAt]! + 1;
  const total = c.u8[c.b8 + U8.recentTotal]! + 1;
  c.u8[c.b8 + U8.recentTotal] = total;

  const peer = known ? undefined : ctx.peer();
  ctx.routeKnown = known || (!ctx.learned && peer !== undefined && peer.knows('routes', route));
  if (!ctx.routeKnown && !ctx.isNew && (ctx.learned || peer)) {
    const who = ctx.learned ? `after ${fmt(c.u32[c.b32 + U32.events]!)} requests` : `on a new token; its peers (${peer?.label}) never call it`;
    const method = ctx.e.method ?? '';
    const sensitive = ctx.classifier.isSensitive(ctx.e.method, id, route);
    const variant = variantOf(ctx, route);
    const [routes, risky] = countNovel(ctx, sensitive, variant === null);
    const nc = ctx.cfg.signals.new_endpoint;
    // each further new route within the hour adds 0.1 (at most +0.3): a token exploring its API
    // (not while learning: a new token explores its API legitimately); a variant of a known route
    // (one segment beyond the second differs: /objects/Lead/describe -> /objects/Case/describe) is weaker
    const ns = variant !== null ? nc.score * 0.6 : nc.score + (ctx.learned ? 0.1 * Math.min(3, routes - 1) : 0);
    if (nc.enabled && ctx.wants('new_endpoint', ns)) {
      const more = variant !== null ? ` (a variant of ${variant})` : routes > 1 ? ` (${routes} new routes within the hour)` : '';
      ctx.hit('new_endpoint', ns, route, null, `First call of ${method} ${route} ${who}${more}.`);
    }
    const sc = ctx.cfg.signals.sensitive_endpoint;
    const ss = sc.score + (ctx.learned ? 0.1 * Math.min(2, risky - 1) : 0);
    if (sc.enabled && sensitive && ctx.wants('sensitive_endpoint', ss)) {
      const more = risky > 1 ? ` (${risky} new sensitive routes within the hour)` : '';
      ctx.hit('sensitive_endpoint', ss, `${method} ${route}`, null, `First call of the sensitive route ${method} ${route} ${who}${more}.`);
    }
  }
  if (total >= ctx.cfg.signals.endpoint_drift.windowRequests) evaluateDrift(ctx);
}

/**
 * On a minute boundary: a window holding at least `minRequests` is evaluated (so a drift is seen
 * within a minute or two), and closed into the baseline once it is 10 minutes old. A window older
 * than 30 minutes (a sparse token) is folded in without a verdict: its moment has passed.
 */
export function rollEndpointMinute(ctx: EvalContext, minute: number): void {
  const c = ctx.cur;
  const total = c.u8[c.b8 + U8.recentTotal]!;
  const age = minute - c.u32[c.b32 + U32.recentStart]!;
  if (total === 0) c.u32[c.b32 + U32.recentStart] = minute;
  else if (total >= ctx.cfg.signals.endpoint_drift.minRequests) evaluateDrift(ctx, age >= 10, age < 30);
}

function evaluateDrift(ctx: EvalContext, close = true, judge = true): void {
  const c = ctx.cur;
  const a = c.u16;
  const base = c.b16 + U16.routeBase;
  const recent = c.b8 + U8.routeRecent;
  const cfg = ctx.cfg.signals.endpoint_drift;
  let baseTotal = 0;
  for (let i = 0; i < ROUTE_SLOTS; i++) baseTotal += a[base + i]!;
  const recentTotal = c.u8[c.b8 + U8.recentTotal]!;
  if (judge && baseTotal >= 3 * cfg.windowRequests) {
    const jsd = jensenShannon(a.subarray(base, base + ROUTE_SLOTS), c.u8.subarray(recent, recent + ROUTE_SLOTS), ROUTE_SLOTS);
    const typical = c.f32[c.b32f + F32.jsdTypical]!;
    const threshold = Math.max(cfg.minJsd, typical + 0.25);
    if (cfg.enabled && ctx.learned && jsd >= threshold) {
      const score =
        ENDPOINT_DRIFT_SCORE.from + (ENDPOINT_DRIFT_SCORE.to - ENDPOINT_DRIFT_SCORE.from) * Math.min(1, (jsd - threshold) / Math.max(0.05, 1 - threshold));
      if (ctx.wants('endpoint_drift', score)) {
        const now = top(ctx, c.u8, recent);
        const usual = top(ctx, a, base);
        const detail = `Route mix of the last ${fmt(recentTotal)} requests diverges from this token's usual mix (Jensen-Shannon ${jsd.toFixed(2)} vs a typical ${typical.toFixed(2)}): now mostly ${now}, usually ${usual}.`;
        ctx.hit('endpoint_drift', score, Math.round(jsd * 1000) / 1000, Math.round(typical * 1000) / 1000, detail);
      }
    }
    if (close) c.f32[c.b32f + F32.jsdTypical] = typical + 0.1 * (Math.min(jsd, threshold) - typical);
  }
  if (!close) return;
  for (let i = 0; i < ROUTE_SLOTS; i++) {
    const r = c.u8[recent + i]!;
    if (r > 0) bumpSlot(a, base, ROUTE_SLOTS, i, r);
    c.u8[recent + i] = 0;
  }
  c.u8[c.b8 + U8.recentTotal] = 0;
  c.u32[c.b32 + U32.recentStart] = c.u32[c.b32 + U32.minute]!;
}

/** A tracked route that differs from `route` in exactly one path segment beyond the second, or null. */
function variantOf(ctx: EvalContext, route: string): string | null {
  const parts = route.split('/');
  if (parts.length < 4) return null;
  const c = ctx.cur;
  for (let i = 0; i < ROUTE_SLOTS; i++) {
    const id = c.u16[c.b16 + U16.routeId + i]!;
    if (id === 0 || id === ctx.routeId) continue;
    const other = ctx.interns.route.name(id).split('/');
    if (other.length !== parts.length) continue;
    let diff = -1;
    for (let k = 0; k < parts.length && diff !== -2; k++) if (parts[k] !== other[k]) diff = diff === -1 ? k : -2;
    if (diff >= 3) return ctx.interns.route.name(id);
  }
  return null;
}

/** Counts a route new to the token in the current hour-long window: [new routes, new sensitive routes]. */
function countNovel(ctx: EvalContext, sensitive: boolean, distinct: boolean): [number, number] {
  const c = ctx.cur;
  if (ctx.minute - c.u32[c.b32 + U32.novelStart]! >= 60) {
    c.u32[c.b32 + U32.novelStart] = ctx.minute;
    c.u8[c.b8 + U8.newRoutes] = 0;
    c.u8[c.b8 + U8.newSensitive] = 0;
  }
  const routes = Math.min(255, c.u8[c.b8 + U8.newRoutes]! + (distinct ? 1 : 0));
  const risky = Math.min(255, c.u8[c.b8 + U8.newSensitive]! + (sensitive ? 1 : 0));
  c.u8[c.b8 + U8.newRoutes] = routes;
  c.u8[c.b8 + U8.newSensitive] = risky;
  return [routes, risky];
}

/** Takes the slot with the smallest usage (empty first) for a route not tracked yet. */
function replaceSlot(ctx: EvalContext, id: number): number {
  const c = ctx.cur;
  const a = c.u16;
  let best = 0;
  let min = Infinity;
  for (let i = 0; i < ROUTE_SLOTS; i++) {
    const used = a[c.b16 + U16.routeId + i] === 0 ? -1 : a[c.b16 + U16.routeBase + i]! + c.u8[c.b8 + U8.routeRecent + i]!;
    if (used < min) {
      min = used;
      best = i;
      if (used < 0) break;
    }
  }
  const dropped = c.u8[c.b8 + U8.routeRecent + best]!;
  c.u8[c.b8 + U8.recentTotal] = c.u8[c.b8 + U8.recentTotal]! - dropped;
  a[c.b16 + U16.routeId + best] = id;
  a[c.b16 + U16.routeBase + best] = 0;
  c.u8[c.b8 + U8.routeRecent + best] = 0;
  return best;
}

function top(ctx: EvalContext, counts: Uint16Array | Uint8Array, field: number): string {
  const c = ctx.cur;
  let best = 0;
  let total = 0;
  for (let i = 0; i < ROUTE_SLOTS; i++) {
    total += counts[field + i]!;
    if (counts[field + i]! > counts[field + best]!) best = i;
  }
  const name = ctx.interns.route.name(c.u16[c.b16 + U16.routeId + best]!);
  return `${name} (${total > 0 ? Math.round((100 * counts[field + best]!) / total) : 0}%)`;
}

function bloomHas(words: Uint32Array, base: number, h: number): boolean {
  const h2 = rehash(h);
  const b1 = h & (BLOOM_BITS - 1);
  const b2 = h2 & (BLOOM_BITS - 1);
  return (words[base + (b1 >>> 5)]! & (1 << (b1 & 31))) !== 0 && (words[base + (b2 >>> 5)]! & (1 << (b2 & 31))) !== 0;
}

function bloomAdd(words: Uint32Array, base: number, h: number): void {
  const h2 = rehash(h);
  const b1 = h & (BLOOM_BITS - 1);
  const b2 = h2 & (BLOOM_BITS - 1);
  words[base + (b1 >>> 5)] = words[base + (b1 >>> 5)]! | (1 << (b1 & 31));
  words[base + (b2 >>> 5)] = words[base + (b2 >>> 5)]! | (1 << (b2 & 31));
}
