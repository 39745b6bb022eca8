import { fmt } from '../math/format';
import { LAYOUT, COUNTRY_SLOTS } from '../state/layout';
import { bumpSlot, describeSlots, findSlot, insertSlot, slotTotal } from '../state/slots';
import type { EvalContext } from './eval-context';
import { PEER_EVIDENCE_FACTOR } from './score-weights';

const { U16, U32 } = LAYOUT;

/** Requests from a country before it counts as one the token uses (for travel judgement). */
const KNOWN_COUNTRY = 3;

/**
 * new_country: a country the token has never used (after its learning period; while learning, one
 * its peer group has never used). rare_country: a country that makes up less than `maxShare` of a
 * long history. Countries and IP ranges on an allowlist never fire.
 */
export function countrySignal(ctx: EvalContext): void {
  const country = ctx.e.geo?.country;
  if (!country) return;
  const c = ctx.cur;
  const a = c.u16;
  const idBase = c.b16 + U16.countryId;
  const countBase = c.b16 + U16.countryCount;
  const id = ctx.interns.country.id(country);
  const slot = findSlot(a, idBase, COUNTRY_SLOTS, id);
  if (slot >= 0) {
    const count = a[countBase + slot]!;
    ctx.countryKnown = count >= KNOWN_COUNTRY;
    bumpSlot(a, countBase, COUNTRY_SLOTS, slot);
    if (ctx.learned && count < 650) rareCheck(ctx, country, count);
    return;
  }
  const cfg = ctx.cfg.signals.new_country;
  const empty = slotTotal(a, countBase, COUNTRY_SLOTS) === 0;
  if (cfg.enabled && !empty && !ctx.isNew && !ctx.ipAllowed() && !ctx.countryAllowed(country)) {
    const name = (i: number) => ctx.interns.country.name(i);
    const seen = describeSlots(a, idBase, countBase, COUNTRY_SLOTS, name);
    const history = ctx.cur.u32[ctx.cur.b32 + U32.events]!;
    if (ctx.learned) {
      const score = ctx.ownCloud ? cfg.score * cfg.ownCloudFactor : cfg.score;
      if (ctx.wants('new_country', score)) {
        const region = ctx.ownCloud ? ', through a cloud provider it uses (a new region)' : '';
        ctx.hit('new_country', score, country, seen, `First request from ${country}${region} after ${fmt(history)} requests only from ${seen}.`);
      }
    } else {
      const peer = ctx.peer();
      if (peer && !peer.knows('countries', country) && ctx.wants('new_country', cfg.score * PEER_EVIDENCE_FACTOR)) {
        const detail = `First request from ${country} for a new token whose peers (${peer.label}) never use it; the token so far: ${seen}.`;
        ctx.hit('new_country', cfg.score * PEER_EVIDENCE_FACTOR, country, seen, detail);
      }
    }
  }
  insertSlot(a, idBase, countBase, COUNTRY_SLOTS, id);
}

function rareCheck(ctx: EvalContext, country: string, count: number): void {
  const cfg = ctx.cfg.signals.rare_country;
  if (!cfg.enabled) return;
  const c = ctx.cur;
  const total = slotTotal(c.u16, c.b16 + U16.countryCount, COUNTRY_SLOTS);
  if (total < cfg.minHistory || count >= cfg.maxShare * total) return;
  if (ctx.recently('new_country')) return; // the same country was just reported as new
  if (ctx.ipAllowed() || ctx.countryAllowed(country)) return;
  if (!ctx.wants('rare_country', cfg.score)) return;
  const share = (100 * count) / total;
  const seen = describeSlots(c.u16, c.b16 + U16.countryId, c.b16 + U16.countryCount, COUNTRY_SLOTS, (i) => ctx.interns.country.name(i));
  ctx.hit(
    'rare_country',
    cfg.score,
    country,
    seen,
    `Request from ${country}, ${fmt(share)}% of this token's recent requests (${fmt(count)} of ${fmt(total)}); usual: ${seen}.`,
  );
}
