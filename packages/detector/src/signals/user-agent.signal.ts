import { uaFamily } from '@tokenwatch/common';
import { fmt } from '../math/format';
import { LAYOUT, UA_SLOTS } from '../state/layout';
import { bumpSlot, describeSlots, findSlot, insertSlot, slotTotal } from '../state/slots';
import type { EvalContext } from './eval-context';
import { PEER_EVIDENCE_FACTOR } from './score-weights';

const { U16, U32 } = LAYOUT;

/** Raw User-Agent -> family id, bounded; one lookup per event instead of parse + intern. */
function familyId(ctx: EvalContext): number {
  const cache = ctx.interns.uaByRaw;
  const raw = ctx.e.userAgent ?? '';
  let id = cache.get(raw);
  if (id === undefined) {
    id = ctx.interns.ua.id(uaFamily(ctx.e.userAgent));
    if (cache.size >= 20_000) cache.clear();
    cache.set(raw, id);
  }
  return id;
}

/** new_user_agent: a user-agent family this token has never sent (learning: unknown to its peers too). */
export function userAgentSignal(ctx: EvalContext): void {
  const id = familyId(ctx);
  const c = ctx.cur;
  const idBase = c.b16 + U16.uaId;
  const countBase = c.b16 + U16.uaCount;
  const slot = findSlot(c.u16, idBase, UA_SLOTS, id);
  if (slot >= 0) {
    bumpSlot(c.u16, countBase, UA_SLOTS, slot);
    return;
  }
  const cfg = ctx.cfg.signals.new_user_agent;
  const family = ctx.interns.ua.name(id);
  if (cfg.enabled && !ctx.isNew && slotTotal(c.u16, countBase, UA_SLOTS) > 0 && !ctx.uaAllowed(family)) {
    const seen = describeSlots(c.u16, idBase, countBase, UA_SLOTS, (i) => ctx.interns.ua.name(i));
    const raw = (ctx.e.userAgent ?? '').slice(0, 60);
    const events = c.u32[c.b32 + U32.events]!;
    if (ctx.learned) {
      if (ctx.wants('new_user_agent', cfg.score)) {
        ctx.hit(
          'new_user_agent',
          cfg.score,
          family,
          seen,
          `First request from user-agent family ${family} ("${raw}") after ${fmt(events)} requests from ${seen}.`,
        );
      }
    } else {
      const peer = ctx.peer();
      const score = cfg.score * PEER_EVIDENCE_FACTOR;
      if (peer && !peer.knows('uas', family) && ctx.wants('new_user_agent', score)) {
        ctx.hit(
          'new_user_agent',
          score,
          family,
          seen,
          `User-agent family ${family} ("${raw}") on a new token; its peers (${peer.label}) never send it; the token so far: ${seen}.`,
        );
      }
    }
  }
  insertSlot(c.u16, idBase, countBase, UA_SLOTS, id);
}
