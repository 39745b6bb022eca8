import type { NetworkClass } from '@tokenwatch/contracts';
import { fmt, fmtDuration } from '../math/format';
import { LAYOUT, NET_SLOTS } from '../state/layout';
import type { EvalContext } from './eval-context';
import { operatorKey } from './network-operator';
import { isRunSource, markRunSource } from './sustained-use.signal';

const { U16, U32, U8 } = LAYOUT;

/** Requests from a network before it counts as one the token uses. */
export const KNOWN_NETWORK = 3;
/** Each further new network within the hour adds this much to new_network's score. */
const FURTHER_NEW_NETWORK = 0.15;
const MAX_FURTHER = 0.45;

export const NET_CLASS_BIT: Readonly<Record<NetworkClass, number>> = { hosting: 1, mobile: 2, residential: 4, anonymiser: 8 };
const INFRASTRUCTURE = NET_CLASS_BIT.hosting | NET_CLASS_BIT.anonymiser;

/**
 * Networks the token uses, as a small top-k map of operators (an operator's several ASes are one
 * network, see operatorKey) with counts. new_network: the first request from an operator the token
 * never used, once it has a network history. Strong from a hosting or anonymiser network when the
 * token never used that kind of network (the breach reports' attackers work from cloud and VPN
 * infrastructure), or from a new cloud provider for a token that only ever ran in the cloud (a
 * deployment keeps its provider); medium-weak from a second mobile carrier (one phone, one carrier);
 * weak from another access network, rising with each further new network within the hour (a
 * residential proxy pool). A second client on a new network interleaved with the usual one is
 * concurrent_geo. While the token has an open alert, new networks are remembered but do not become usual.
 */
export function networkSignal(ctx: EvalContext): void {
  const net = ctx.e.network;
  const asn = net?.asn;
  if (!net || asn === null || asn === undefined || asn === 0) return;
  const key = operatorKey(asn, net.org, net.class === 'mobile');
  const c = ctx.cur;
  const ids = c.b32 + U32.netOperator;
  const counts = c.b16 + U16.netCount;
  const slot0 = findOperator(ctx, key, asn);
  let slot = slot0;
  let history = 0;
  for (let i = 0; i < NET_SLOTS; i++) history += c.u16[counts + i]!;
  const count = slot >= 0 ? c.u16[counts + slot]! : 0;
  ctx.networkKnown = count >= KNOWN_NETWORK;
  const bit = net.class ? NET_CLASS_BIT[net.class] : 0;
  const wasNew = slot < 0;
  if (wasNew) {
    if (history > 0 && !ctx.isNew && ctx.learned && !ctx.ipAllowed()) newNetwork(ctx, asn, bit);
    slot = replaceWeakest(c.u32, ids, c.u16, counts);
    c.u32[ids + slot] = key;
    c.u16[counts + slot] = 0;
    markRunSource(c.u8, c.b8 + U8.runNewNets, slot, history > 0);
  }
  ctx.sourceNovel ||= isRunSource(c.u8, c.b8 + U8.runNewNets, slot);
  c.u32[c.b32 + U32.netAsn + slot] = asn;
  if (!ctx.firing) {
    if (c.u16[counts + slot]! < 65_000) c.u16[counts + slot] = c.u16[counts + slot]! + 1;
    else for (let i = 0; i < NET_SLOTS; i++) c.u16[counts + i] = c.u16[counts + i]! >>> 1;
    if (c.u16[counts + slot]! >= KNOWN_NETWORK) c.u8[c.b8 + U8.netClasses] = c.u8[c.b8 + U8.netClasses]! | bit;
  }
  interleaveCheck(ctx, key, wasNew);
  c.u32[c.b32 + U32.lastOperator] = key;
}

/** The slot of an operator; a slot restored from a snapshot of before operators (ASN only) is adopted. */
function findOperator(ctx: EvalContext, key: number, asn: number): number {
  const c = ctx.cur;
  for (let i = 0; i < NET_SLOTS; i++) if (c.u32[c.b32 + U32.netOperator + i] === key) return i;
  for (let i = 0; i < NET_SLOTS; i++) {
    if (c.u32[c.b32 + U32.netOperator + i] === 0 && c.u32[c.b32 + U32.netAsn + i] === asn) {
      c.u32[c.b32 + U32.netOperator + i] = key;
      return i;
    }
  }
  return -1;
}

function newNetwork(ctx: EvalContext, asn: number, bit: number): void {
  const cfg = ctx.cfg.signals.new_network;
  if (!cfg.enabled) return;
  const c = ctx.cur;
  const used = c.u8[c.b8 + U8.netClasses]!;
  const newKind = (bit & INFRASTRUCTURE) !== 0 && (used & bit) === 0;
  const newProvider = bit === NET_CLASS_BIT.hosting && used !== 0 && (used & ~INFRASTRUCTURE) === 0;
  const secondCarrier = bit === NET_CLASS_BIT.mobile && (used & NET_CLASS_BIT.mobile) !== 0;
  const hour = Math.floor(ctx.minute / 60) * 60;
  if (c.u32[c.b32 + U32.netNovelStart] !== hour) {
    c.u32[c.b32 + U32.netNovelStart] = hour;
    c.u8[c.b8 + U8.newNets] = 0;
  }
  const further = c.u8[c.b8 + U8.newNets]!;
  if (further < 255) c.u8[c.b8 + U8.newNets] = further + 1;
  const base = newKind || newProvider ? cfg.infrastructureScore : secondCarrier ? cfg.secondCarrierScore : cfg.accessScore;
  const score = base + Math.min(MAX_FURTHER, further * FURTHER_NEW_NETWORK);
  if (!ctx.wants('new_network', score)) return;
  const net = ctx.e.network!;
  const kind = net.class ?? 'unclassified';
  const name = `AS${asn}${net.org ? ` ${net.org}` : ''}`;
  const usual = describeNetworks(ctx);
  const also = further > 0 ? ` (${fmt(further + 1)} new networks this hour)` : '';
  const why = newKind
    ? `a ${kind} network, a kind this token never used`
    : newProvider
      ? 'a cloud provider this token, which only ever ran in the cloud, never used'
      : secondCarrier
        ? 'a second mobile carrier for a token on another one'
        : `a ${kind} network`;
  ctx.hit('new_network', score, name, usual, `First request from ${name}, ${why}${also}; usual: ${usual}.`);
}

/** A brand-new network alternating with a usual one, `minFlips` times within the window: two clients at once. */
function interleaveCheck(ctx: EvalContext, key: number, wasNew: boolean): void {
  const c = ctx.cur;
  const cfg = ctx.cfg.signals.concurrent_geo;
  const last = c.u32[c.b32 + U32.lastOperator]!;
  if (last === 0 || last === key || !cfg.enabled) return;
  const sec = Math.floor(ctx.ts / 1000);
  const watched = c.u32[c.b32 + U32.netWatchOperator]!;
  const within = watched !== 0 && sec - c.u32[c.b32 + U32.netWatchSec]! <= cfg.networkWindowMs / 1000;
  if (within && (key === watched || last === watched)) {
    const flips = Math.min(255, c.u8[c.b8 + U8.netFlips]! + 1);
    c.u8[c.b8 + U8.netFlips] = flips;
    if (flips < cfg.minNetworkFlips || ctx.ipAllowed() || !ctx.learned) return;
    const score = cfg.score;
    if (!ctx.wants('concurrent_geo', score)) return;
    const span = fmtDuration(ctx.ts - c.u32[c.b32 + U32.netWatchSec]! * 1000);
    const detail = `Requests alternate between the usual network ${asnOf(ctx, key === watched ? last : key)} and the new network ${asnOf(ctx, watched)}: ${fmt(flips)} switches in ${span}; two clients are using one token.`;
    ctx.hit('concurrent_geo', score, flips, cfg.minNetworkFlips, detail);
    return;
  }
  if (wasNew && isUsual(ctx, last)) {
    c.u32[c.b32 + U32.netWatchOperator] = key;
    c.u32[c.b32 + U32.netWatchSec] = sec;
    c.u8[c.b8 + U8.netFlips] = 1;
  }
}

function isUsual(ctx: EvalContext, key: number): boolean {
  const c = ctx.cur;
  for (let i = 0; i < NET_SLOTS; i++) if (c.u32[c.b32 + U32.netOperator + i] === key) return c.u16[c.b16 + U16.netCount + i]! >= KNOWN_NETWORK;
  return false;
}

function asnOf(ctx: EvalContext, key: number): string {
  const c = ctx.cur;
  for (let i = 0; i < NET_SLOTS; i++) if (c.u32[c.b32 + U32.netOperator + i] === key) return `AS${c.u32[c.b32 + U32.netAsn + i]}`;
  return 'an earlier network';
}

function replaceWeakest(ids: Uint32Array, idBase: number, counts: Uint16Array, countBase: number): number {
  let best = 0;
  let min = Infinity;
  for (let i = 0; i < NET_SLOTS; i++) {
    if (ids[idBase + i] === 0) return i;
    const v = counts[countBase + i]!;
    if (v < min) {
      min = v;
      best = i;
    }
  }
  return best;
}

function describeNetworks(ctx: EvalContext): string {
  const c = ctx.cur;
  const entries: Array<[number, number]> = [];
  let total = 0;
  for (let i = 0; i < NET_SLOTS; i++) {
    const asn = c.u32[c.b32 + U32.netAsn + i]!;
    const n = c.u16[c.b16 + U16.netCount + i]!;
    if (asn !== 0 && n > 0 && asn !== ctx.e.network?.asn) {
      entries.push([asn, n]);
      total += n;
    }
  }
  if (entries.length === 0) return 'none';
  entries.sort((a, b) => b[1] - a[1]);
  return entries.map(([asn, n]) => `AS${asn} ${Math.round((100 * n) / total)}%`).join(', ');
}
