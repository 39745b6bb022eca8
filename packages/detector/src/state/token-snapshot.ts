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

/** The cursor's five views and their bases, in SLABS order: looked up once per token, not once per field. */
function views(c: Cursor): [Numeric[], number[]] {
  return [
    [c.f64, c.f32, c.u32, c.u16, c.u8],
    [c.b64, c.b32f, c.b32, c.b16, c.b8],
  ];
}

/** One field of the token block as the snapshot names it, listed once: writeState runs for every token a batch touched. */
interface FieldDescriptor {
  name: string;
  /** Index into SLABS (and into what views returns). */
  slab: number;
  start: number;
  length: number;
  interned: (typeof INTERNED_FIELDS)[string] | undefined;
  seasonal: boolean;
}

const FIELDS: readonly FieldDescriptor[] = SLABS.flatMap(([, spec, offsets], slabIndex) =>
  Object.entries(spec).map(([name, length]) => ({
    name,
    slab: slabIndex,
    start: offsets[name]!,
    length,
    interned: INTERNED_FIELDS[name],
    seasonal: name === 'seasonal',
  })),
);

const RATE_OF_CODE = new Float64Array(65_536).fill(NaN);

/**
 * An hourly rate as snapshots write it: the shortest decimal that encodes back to the same code, so a
 * restore is exact and the JSON is about half as long and twice as fast to write as the full double.
 * Computed on first use of each code.
 */
export function snapshotRate(code: number): number {
  let rate = RATE_OF_CODE[code]!;
  if (Number.isNaN(rate)) {
    rate = shortestRate(code);
    RATE_OF_CODE[code] = rate;
  }
  return rate;
}

function shortestRate(code: number): number {
  const exact = decodeRate(code);
  for (let digits = 1; digits < 17; digits++) {
    const short = Number(exact.toPrecision(digits));
    // near, too: the top code stands for every larger rate
    if (encodeRate(short) === code && Math.abs(short - exact) <= (1 + exact) * 2e-4) return short;
  }
  return exact;
}

type StateValueOut = z.infer<typeof StateValue>;

/**
 * Every state field, in order, as an object in V8's fast mode (JSON.parse builds those; an object filled
 * key by key turns into a slow dictionary past a dozen keys): writeState fills a copy of it, which
 * `JSON.stringify` then writes ~6 µs faster per token.
 */
const STATE_SHAPE = JSON.parse(JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f.name, 0])))) as Record<string, StateValueOut>;

/**
 * The token's typed state as named JSON values, in the order of the layout's specs. It runs for every
 * token a score batch touched (the state changelog): fields come from a list made once, hourly rates
 * from a table (snapshotRate), the object from STATE_SHAPE: ~6 µs a token where walking the specs and
 * calling `2 **` per rate took ~55.
 */
export function writeState(c: Cursor, interns: Interns): Record<string, StateValueOut> {
  const out: Record<string, StateValueOut> = { ...STATE_SHAPE };
  const [arrays, bases] = views(c);
  for (let f = 0; f < FIELDS.length; f++) {
    const field = FIELDS[f]!;
    const array = arrays[field.slab]!;
    const start = bases[field.slab]! + field.start;
    let value: StateValueOut;
    if (field.interned !== undefined) {
      const interner = interns[field.interned];
      const names: string[] = new Array(field.length);
      for (let i = 0; i < field.length; i++) {
        const id = array[start + i]!;
        names[i] = id === 0 ? '' : interner.name(id);
      }
      value = field.length === 1 ? names[0]! : names;
    } else if (field.length === 1) {
      value = array[start]!;
    } else {
      const values: number[] = new Array(field.length);
      for (let i = 0; i < field.length; i++) values[i] = field.seasonal ? snapshotRate(array[start + i]!) : array[start + i]!;
      value = values;
    }
    out[field.name] = value;
  }
  return out;
}

/** Writes named JSON values back into a (zeroed) token block; unknown fields are ignored. */
export function readState(c: Cursor, interns: Interns, state: Record<string, z.infer<typeof StateValue>>): void {
  const [arrays, bases] = views(c);
  for (const field of FIELDS) {
    const raw = state[field.name];
    if (raw === undefined) continue;
    const array = arrays[field.slab]!;
    const start = bases[field.slab]! + field.start;
    if (!Array.isArray(raw)) {
      array[start] = fieldValue(field, raw, interns);
      continue;
    }
    const count = Math.min(field.length, raw.length);
    for (let i = 0; i < count; i++) array[start + i] = fieldValue(field, raw[i]!, interns);
  }
  c.u8[c.b8 + U8.flags] = c.u8[c.b8 + U8.flags]! & ~FLAG_PEER_COUNTED;
  // snapshots from before geoSilence: the time since the last place is what travel was judged by then
  if (state['geoSilence'] === undefined) c.f32[c.b32f + F32.geoSilence] = c.f64[c.b64 + F64.lastSeen]! - c.f64[c.b64 + F64.geoTs]!;
  readRetiredFields(c, state);
}

function fieldValue(field: FieldDescriptor, v: number | string, interns: Interns): number {
  if (field.interned !== undefined) return typeof v === 'string' && v !== '' ? interns[field.interned].id(v) : 0;
  return field.seasonal ? encodeRate(Number(v)) : Number(v);
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
