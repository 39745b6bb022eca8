/**
 * Per-token hot state, laid out in five typed "slabs" (one column block per token). Each field is a
 * name and a length; `layout` turns that into offsets. The same names key the JSON snapshot, so a
 * field added later restores as 0 from an older snapshot.
 */
type Spec = Readonly<Record<string, number>>;
type Offsets<T extends Spec> = { readonly [K in keyof T]: number } & { readonly STRIDE: number };

function layout<const T extends Spec>(spec: T): Offsets<T> {
  const out: Record<string, number> = {};
  let offset = 0;
  for (const [name, length] of Object.entries(spec)) {
    out[name] = offset;
    offset += length;
  }
  out.STRIDE = offset;
  return out as Offsets<T>;
}

export const ROUTE_SLOTS = 16;
export const COUNTRY_SLOTS = 8;
export const UA_SLOTS = 4;
export const PLACE_SLOTS = 6;
export const RING = 5;
export const BITMAP_WORDS = 4;
export const BLOOM_WORDS = 8;

export const F64_SPEC = { firstSeen: 1, lastSeen: 1, geoTs: 1, otherTs: 1, seqStart: 1 } as const;

export const F32_SPEC = {
  // volume: dispersion, 24 h level, expected and thresholds of the current minute
  phi: 1, level24: 1, e5: 1, e1: 1, thr5: 1, thr1: 1,
  // response bytes
  bpr: 1, bytesPeak5: 1, respPeak: 1, hourBytes: 1, hourBytesMax5: 1, hourRespMax: 1, win5Bytes: 1, ringBytes: RING,
  // geography: last place and the distinct place before it
  geoLat: 1, geoLon: 1, geoAcc: 1, otherLat: 1, otherLon: 1, otherAcc: 1,
  // peak-hold norms of windowed counts, typical endpoint divergence, longest silence
  ipPeak: 1, enumPeak: 1, failPeak: 1, jsdTypical: 1, maxGap: 1,
} as const;

export const U32_SPEC = {
  events: 1, minute: 1, hour: 1, ring: RING, win5: 1, hourCount: 1, hourMax1: 1, hourMax5: 1, evalCount: 1, evalMinute: 1,
  failCur: 1, failPrev: 1, enumBits: BITMAP_WORDS, enumPrev: 1, nfCur: 1, nfPrev: 1,
  ipWin: 1, ipBits: BITMAP_WORDS, ipPrevBits: BITMAP_WORDS, routeBloom: BLOOM_WORDS, recentTotal: 1, recentStart: 1,
  consumer: 1, service: 1,
  // bit i: the token was active i minutes ago (off-hours needs sustained activity)
  minuteBits: 1,
  // start (minute) of the hour in which newRoutes / newSensitive count distinct new routes
  novelStart: 1,
} as const;

export const U16_SPEC = {
  seasonal: 168,
  routeId: ROUTE_SLOTS, routeBase: ROUTE_SLOTS, routeRecent: ROUTE_SLOTS,
  countryId: COUNTRY_SLOTS, countryCount: COUNTRY_SLOTS,
  uaId: UA_SLOTS, uaCount: UA_SLOTS,
  placeId: PLACE_SLOTS, placeCount: PLACE_SLOTS, lastPlace: 1,
} as const;

// peak1 / peak5: typical largest 1-min and 5-min count per hour of day, log-coded (encodePeak)
// ipOdd: consecutive 10-min windows with more than twice the usual distinct IPs
export const U8_SPEC = { peak1: 24, peak5: 24, seqMask: 1, seqHigh: 1, flags: 1, newRoutes: 1, newSensitive: 1, ipOdd: 1 } as const;

export const F64 = layout(F64_SPEC);
export const F32 = layout(F32_SPEC);
export const U32 = layout(U32_SPEC);
export const U16 = layout(U16_SPEC);
export const U8 = layout(U8_SPEC);

/** Bytes of typed state per token (the slab strides). */
export const TOKEN_SLAB_BYTES = F64.STRIDE * 8 + F32.STRIDE * 4 + U32.STRIDE * 4 + U16.STRIDE * 2 + U8.STRIDE;

/** Bits of U8.flags. */
export const FLAG_PEER_COUNTED = 1; // counted as a learned member of its peer groups (not persisted)
export const SEQ_NOVEL = 0x80; // a stage of the current sequence used a route new to the token

/** Fields holding interned ids, serialized by name; and the log-encoded hourly rates. */
export const INTERNED_FIELDS: Readonly<Record<string, 'country' | 'route' | 'ua' | 'consumer' | 'service'>> = {
  countryId: 'country', routeId: 'route', uaId: 'ua', consumer: 'consumer', service: 'service',
};

/** Hourly counts are kept as round(log2(1 + x) · 2048) in a Uint16 (0.03% resolution, up to 4e9). */
export const encodeRate = (x: number): number => Math.min(65_535, Math.round(Math.log2(1 + Math.max(0, x)) * 2048));
export const decodeRate = (code: number): number => 2 ** (code / 2048) - 1;

/** Peak counts in a Uint8: round(log2(1 + x) · 16), 4.4% resolution, up to about 63,000. */
export const encodePeak = (x: number): number => Math.min(255, Math.round(Math.log2(1 + Math.max(0, x)) * 16));
export const decodePeak = (code: number): number => 2 ** (code / 16) - 1;

/**
 * All layouts in one object: hot modules destructure it once at load (`const { U32 } = LAYOUT`), so
 * offsets are module-local constants rather than cross-module bindings (which some transpilers turn
 * into getter calls on every access).
 */
export const LAYOUT = { F64, F32, U32, U16, U8 } as const;
