/**
 * Per-token hot state: one contiguous block of bytes per token, viewed through five typed arrays
 * (f64, f32, u32, u16, u8). Each field has a name and a length; `BLOCK_ORDER` places the fields an
 * event touches first, so one event reads a few cache lines. Offsets are in units of the field's type
 * from the block start. The same names key the JSON snapshot, so a field added later restores as 0.
 */
type Spec = Readonly<Record<string, number>>;
type Offsets<T extends Spec> = { readonly [K in keyof T]: number };
type Kind = 'f64' | 'f32' | 'u32' | 'u16' | 'u8';
const SIZE: Record<Kind, number> = { f64: 8, f32: 4, u32: 4, u16: 2, u8: 1 };

export const ROUTE_SLOTS = 16;
export const COUNTRY_SLOTS = 8;
export const UA_SLOTS = 4;
export const PLACE_SLOTS = 6;
export const NET_SLOTS = 4;
export const RING = 5;
export const BITMAP_WORDS = 4;
export const BLOOM_WORDS = 8;

export const F64_SPEC = { firstSeen: 1, lastSeen: 1, geoTs: 1, otherTs: 1, seqStart: 1 } as const;

export const F32_SPEC = {
  // per event: thresholds of the current minute, response bytes, last place
  thr5: 1,
  thr1: 1,
  e5: 1,
  win5Bytes: 1,
  ringBytes: RING,
  hourBytes: 1,
  hourRespMax: 1,
  bytesPeak5: 1,
  respPeak: 1,
  bpr: 1,
  maxGap: 1,
  geoLat: 1,
  geoLon: 1,
  // volume: expected 1-min peak, dispersion, 24 h level, hour maxima
  e1: 1,
  phi: 1,
  level24: 1,
  hourBytesMax5: 1,
  // geography: accuracy of the last place and the distinct place before it; the longest silence (ms)
  // since the last place was taken (time a client could have travelled in)
  geoAcc: 1,
  otherLat: 1,
  otherLon: 1,
  otherAcc: 1,
  geoSilence: 1,
  // peak-hold norms of windowed counts, typical endpoint divergence
  ipPeak: 1,
  enumPeak: 1,
  failPeak: 1,
  jsdTypical: 1,
  // the longest run of use (seconds without a pause of more than concurrent_geo.runGapMs), peak-hold;
  // rec5: the record 5-minute count (peak-hold), the top of the range the volume signal's novelty is measured on
  runPeak: 1,
  rec5: 1,
} as const;

export const U32_SPEC = {
  // per event
  events: 1,
  minute: 1,
  ring: RING,
  hourCount: 1,
  minuteBits: 1,
  enumBits: BITMAP_WORDS,
  nfCur: 1,
  failCur: 1,
  ipWin: 1,
  ipBits: BITMAP_WORDS,
  // per minute, per window, or when something is new (the 5-minute count is the sum of ring; the hour
  // is minute / 60; evalCount: the 5-minute count at the last evaluation in this minute, 0 = none)
  hourMax1: 1,
  hourMax5: 1,
  evalCount: 1,
  failPrev: 1,
  nfPrev: 1,
  ipPrevBits: BITMAP_WORDS,
  routeBloom: BLOOM_WORDS,
  recentStart: 1,
  // bit i of minuteBits: the token was active i minutes ago (off-hours needs sustained activity);
  // novelStart: minute starting the hour in which newRoutes / newSensitive count distinct new routes
  novelStart: 1,
  // networks: the tracked operators (operatorKey, 0 = empty) with the ASN last seen for each, the last
  // operator seen, and the watch for a new network interleaved with a usual one (netWatchOperator since
  // netWatchSec, epoch seconds)
  netOperator: NET_SLOTS,
  netAsn: NET_SLOTS,
  lastOperator: 1,
  netWatchOperator: 1,
  netWatchSec: 1,
  netNovelStart: 1,
  // the current run of use began at runStart (epoch s); novelSec: its first request from a source new in it
  runStart: 1,
  novelSec: 1,
} as const;

export const U16_SPEC = {
  // per event: the tracked routes, countries and user-agent families
  routeId: ROUTE_SLOTS,
  countryId: COUNTRY_SLOTS,
  countryCount: COUNTRY_SLOTS,
  uaId: UA_SLOTS,
  uaCount: UA_SLOTS,
  // when a window closes, a place changes, or an hour closes
  routeBase: ROUTE_SLOTS,
  placeId: PLACE_SLOTS,
  placeCount: PLACE_SLOTS,
  seasonal: 168,
  netCount: NET_SLOTS,
  // the scope (events partition) whose peer groups the token belongs to
  peerScope: 1,
  // interned ids (limits.maxInterned is at most 65,535)
  consumer: 1,
  service: 1,
  // distinct paths in the previous minute: a 128-bit linear count, at most 128 · ln 128 ≈ 621
  enumPrev: 1,
} as const;

// peak1 / peak5: typical largest 1-min and 5-min count per hour of day, log-coded (encodePeak)
// ipOdd: consecutive 10-min windows with more than twice the usual distinct IPs
// placeSlot: slot (in placeId) of the last place
// netClasses: bit per network class the token uses (NET_CLASS_BIT); newNets: distinct new networks in
// the hour from netNovelStart; netFlips: switches between the watched new network and a usual one;
// runNewNets / runNewPlaces: bit i = network slot / place slot i was first used in the current run of use
export const U8_SPEC = {
  // per event: the recent window's requests per tracked route and in all (at most
  // endpoint_drift.windowRequests, which is at most 255: the window closes when it is reached)
  routeRecent: ROUTE_SLOTS,
  recentTotal: 1,
  peak1: 24,
  peak5: 24,
  seqMask: 1,
  flags: 1,
  newRoutes: 1,
  newSensitive: 1,
  ipOdd: 1,
  placeSlot: 1,
  netClasses: 1,
  newNets: 1,
  netFlips: 1,
  runNewNets: 1,
  runNewPlaces: 1,
} as const;

/** Memory order of the per-event fields; every other field follows, type by type. */
const BLOCK_ORDER: Array<[Kind, string]> = [
  ['f64', 'lastSeen'],
  ['f64', 'firstSeen'],
  ['f64', 'geoTs'],
  ...(['thr5', 'thr1', 'e5', 'win5Bytes', 'ringBytes', 'hourBytes', 'hourRespMax', 'maxGap', 'geoLat', 'geoLon'] as const).map((n): [Kind, string] => [
    'f32',
    n,
  ]),
  ...(
    [
      'events',
      'minute',
      'ring',
      'hourCount',
      'minuteBits',
      'enumBits',
      'nfCur',
      'failCur',
      'ipWin',
      'ipBits',
      'netOperator',
      'lastOperator',
      'runStart',
    ] as const
  ).map((n): [Kind, string] => ['u32', n]),
  // peerScope is written by every event; consumer, service and seqMask fill the hot part to an 8-byte boundary
  ...(['routeId', 'countryId', 'countryCount', 'uaId', 'uaCount', 'placeCount', 'netCount', 'peerScope', 'consumer', 'service'] as const).map(
    (n): [Kind, string] => ['u16', n],
  ),
  ...(['routeRecent', 'recentTotal', 'placeSlot', 'flags', 'runNewNets', 'runNewPlaces', 'seqMask'] as const).map((n): [Kind, string] => ['u8', n]),
];

const SPECS: Record<Kind, Spec> = { f64: F64_SPEC, f32: F32_SPEC, u32: U32_SPEC, u16: U16_SPEC, u8: U8_SPEC };

function buildBlock(): { offsets: Record<Kind, Record<string, number>>; bytes: number } {
  const offsets: Record<Kind, Record<string, number>> = { f64: {}, f32: {}, u32: {}, u16: {}, u8: {} };
  let byte = 0;
  const place = (kind: Kind, name: string) => {
    if (offsets[kind][name] !== undefined) return;
    const length = SPECS[kind][name];
    if (length === undefined) throw new Error(`layout: unknown ${kind} field ${name}`);
    byte = Math.ceil(byte / SIZE[kind]) * SIZE[kind];
    offsets[kind][name] = byte / SIZE[kind];
    byte += length * SIZE[kind];
  };
  for (const [kind, name] of BLOCK_ORDER) place(kind, name);
  for (const kind of ['f64', 'f32', 'u32', 'u16', 'u8'] as const) for (const name of Object.keys(SPECS[kind])) place(kind, name);
  return { offsets, bytes: Math.ceil(byte / 8) * 8 };
}

const BLOCK = buildBlock();

/**
 * Objects filled key by key past a dozen properties fall into V8's slow dictionary mode, where every
 * `U32.events` in a hot loop is a hash lookup; a frozen copy made by spread is a fast, constant object.
 */
const fast = <T extends Spec>(offsets: Record<string, number>): Offsets<T> => Object.freeze({ ...offsets }) as Offsets<T>;

export const F64 = fast<typeof F64_SPEC>(BLOCK.offsets.f64);
export const F32 = fast<typeof F32_SPEC>(BLOCK.offsets.f32);
export const U32 = fast<typeof U32_SPEC>(BLOCK.offsets.u32);
export const U16 = fast<typeof U16_SPEC>(BLOCK.offsets.u16);
export const U8 = fast<typeof U8_SPEC>(BLOCK.offsets.u8);

/** Bytes of typed state per token (one block, 8-byte aligned). */
export const TOKEN_BLOCK_BYTES = BLOCK.bytes;

/** Bits of U8.flags. */
export const FLAG_PEER_COUNTED = 1; // counted as a learned member of its peer groups (not persisted)
export const FLAG_OFF_HOURS_CLEAR = 2; // the off-hours check found the current hour (minute / 60) normal: not checked again in it
export const FLAG_LAST_FAMILIAR = 4; // the last located request came from a place or network the token uses
export const FLAG_AWAY = 64; // the last place, and every place since the token left its familiar ones, was a stranger's on arrival
export const FLAG_AWAY_REPORTED = 128; // with FLAG_AWAY: impossible travel, or an alert at medium or above, was raised since the token left its familiar places
/** Bits 3-5 of U8.flags: the current sequence's highest stage + 1 (at most 7 stages: sequence.stages). */
export const SEQ_HIGH_SHIFT = 3;
export const SEQ_HIGH_MASK = 7 << SEQ_HIGH_SHIFT;
export const SEQ_NOVEL = 0x80; // a stage of the current sequence used a route new to the token

/** Fields holding interned ids, serialized by name; and the log-encoded hourly rates. */
export const INTERNED_FIELDS: Readonly<Record<string, 'country' | 'route' | 'ua' | 'consumer' | 'service'>> = {
  countryId: 'country',
  routeId: 'route',
  uaId: 'ua',
  consumer: 'consumer',
  service: 'service',
};

/** Hourly counts are kept as round(log2(1 + x) · 2048) in a Uint16 (0.03% resolution, up to 4e9). */
export const encodeRate = (x: number): number => Math.min(65_535, Math.round(Math.log2(1 + Math.max(0, x)) * 2048));
export const decodeRate = (code: number): number => 2 ** (code / 2048) - 1;
/** The largest code whose rate is at most `x` (so `code > rateCodeAtMost(x)` iff `decodeRate(code) > x`). */
export function rateCodeAtMost(x: number): number {
  let code = Math.min(65_535, Math.floor(Math.log2(1 + Math.max(0, x)) * 2048));
  while (code < 65_535 && decodeRate(code + 1) <= x) code++;
  while (code > 0 && decodeRate(code) > x) code--;
  return code;
}

/** Peak counts in a Uint8: round(log2(1 + x) · 16), 4.4% resolution, up to about 63,000. */
export const encodePeak = (x: number): number => Math.min(255, Math.round(Math.log2(1 + Math.max(0, x)) * 16));
export const decodePeak = (code: number): number => 2 ** (code / 16) - 1;

/**
 * All layouts in one object: hot modules destructure it once at load (`const { U32 } = LAYOUT`), so
 * offsets are module-local constants rather than cross-module bindings (which some transpilers turn
 * into getter calls on every access).
 */
export const LAYOUT = { F64, F32, U32, U16, U8 } as const;
