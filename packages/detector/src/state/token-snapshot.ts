import { z } from 'zod';
import { AlertTrack } from '../decision/alert-track';
import type { Interns } from './interner';
import {
  F32,
  F32_SPEC,
  F64,
  F64_SPEC,
  FLAG_LAST_FAMILIAR,
  FLAG_OFF_HOURS_CLEAR,
  FLAG_PEER_COUNTED,
  INTERNED_FIELDS,
  SEQ_HIGH_MASK,
  SEQ_HIGH_SHIFT,
  U16,
  U16_SPEC,
  U32,
  U32_SPEC,
  U8,
  U8_SPEC,
  decodeRate,
  encodeRate,
} from './layout';
import type { Cursor } from './token-table';

export const TOKEN_SNAPSHOT_VERSION = 1;

const StateValue = z.union([z.number(), z.string(), z.array(z.number()), z.array(z.string())]);

/**
 * One token's complete detector state as JSON, for ClickHouse `token_baselines` (one row per token,
 * replaced by version). Fields are named (`seasonal` holds requests per hour for each hour of the week
 * from Monday 00:00 UTC; `countryId`/`countryCount`, `uaId`/`uaCount`, `routeId`/`routeBase` are the
 * tracked countries, user-agent families and routes by name), so analysts can read it and restoring
 * continues exactly where the snapshot was taken — alert state (dedup, open incident) included.
 */
export const TokenSnapshot = z.object({
  v: z.literal(TOKEN_SNAPSHOT_VERSION),
  fp: z.string().min(1),
  firstSeen: z.number(),
  lastSeen: z.number(),
  events: z.number(),
  learning: z.enum(['learning', 'active']),
  state: z.record(z.string(), StateValue),
  alerts: AlertTrack.nullable(),
});
export type TokenSnapshot = z.infer<typeof TokenSnapshot>;

type Slab = 'f64' | 'f32' | 'u32' | 'u16' | 'u8';
type Numeric = Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array;

const SLABS: Array<[Slab, Readonly<Record<string, number>>, Readonly<Record<string, number>>]> = [
  ['f64', F64_SPEC, F64],
  ['f32', F32_SPEC, F32],
  ['u32', U32_SPEC, U32],
  ['u16', U16_SPEC, U16],
  ['u8', U8_SPEC, U8],
];

function slab(c: Cursor, name: Slab): [Numeric, number] {
  switch (name) {
    case 'f64':
      return [c.f64, c.b64];
    case 'f32':
      return [c.f32, c.b32f];
    case 'u32':
      return [c.u32, c.b32];
    case 'u16':
      return [c.u16, c.b16];
    case 'u8':
      return [c.u8, c.b8];
  }
}

/** The token's typed state as named JSON values. */
export function writeState(c: Cursor, interns: Interns): Record<string, z.infer<typeof StateValue>> {
  const out: Record<string, z.infer<typeof StateValue>> = {};
  for (const [name, spec, offsets] of SLABS) {
    const [array, base] = slab(c, name);
    for (const [field, length] of Object.entries(spec)) {
      const start = base + offsets[field]!;
      const values = Array.from(array.subarray(start, start + length));
      const kind = INTERNED_FIELDS[field];
      if (kind) {
        const names = values.map((id) => (id === 0 ? '' : interns[kind].name(id)));
        out[field] = length === 1 ? names[0]! : names;
      } else if (field === 'seasonal') {
        out[field] = values.map(decodeRate);
      } else {
        out[field] = length === 1 ? values[0]! : values;
      }
    }
  }
  return out;
}

/** Writes named JSON values back into a (zeroed) token block; unknown fields are ignored. */
export function readState(c: Cursor, interns: Interns, state: Record<string, z.infer<typeof StateValue>>): void {
  for (const [name, spec, offsets] of SLABS) {
    const [array, base] = slab(c, name);
    for (const [field, length] of Object.entries(spec)) {
      const raw = state[field];
      if (raw === undefined) continue;
      const list: Array<number | string> = Array.isArray(raw) ? raw : [raw];
      const kind = INTERNED_FIELDS[field];
      const start = base + offsets[field]!;
      for (let i = 0; i < length && i < list.length; i++) {
        const v = list[i]!;
        if (kind) array[start + i] = typeof v === 'string' && v !== '' ? interns[kind].id(v) : 0;
        else if (field === 'seasonal') array[start + i] = encodeRate(Number(v));
        else array[start + i] = Number(v);
      }
    }
  }
  c.u8[c.b8 + U8.flags] = c.u8[c.b8 + U8.flags]! & ~FLAG_PEER_COUNTED;
  // snapshots from before geoSilence: the time since the last place is what travel was judged by then
  if (state['geoSilence'] === undefined) c.f32[c.b32f + F32.geoSilence] = c.f64[c.b64 + F64.lastSeen]! - c.f64[c.b64 + F64.geoTs]!;
  readRetiredFields(c, state);
}

/** Snapshots from before the 944-byte block kept four facts in fields of their own. */
function readRetiredFields(c: Cursor, state: Record<string, z.infer<typeof StateValue>>): void {
  const minute = c.u32[c.b32 + U32.minute]!;
  if (state['evalMinute'] !== undefined && Number(state['evalMinute']) !== minute) c.u32[c.b32 + U32.evalCount] = 0;
  let flags = c.u8[c.b8 + U8.flags]!;
  if (Number(state['offHoursClear']) === Math.floor(minute / 60) + 1) flags |= FLAG_OFF_HOURS_CLEAR;
  if (Number(state['lastFamiliar']) === 1) flags |= FLAG_LAST_FAMILIAR;
  if (state['seqHigh'] !== undefined) flags = (flags & ~SEQ_HIGH_MASK) | ((Number(state['seqHigh']) << SEQ_HIGH_SHIFT) & SEQ_HIGH_MASK);
  c.u8[c.b8 + U8.flags] = flags;
}
