/**
 * Path -> route template: id-like segments become `{id}` so that `/v1/users/42` and `/v1/users/43`
 * are one endpoint. Used when the gateway has no template of its own (only AWS has one).
 */
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NUMBER = /^[+-]?\d+([.,]\d+)?$/;
const HEX_WITH_DIGIT = /^(?=[0-9a-f]*\d)[0-9a-f]{8,}$/i;
const HEX_LONG = /^[0-9a-f]{16,}$/i;
const EMAIL = /^[^@/\s]{1,64}@[^@/\s]+\.[a-z]{2,}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const BASE64ISH = /^(?=.{16,})[A-Za-z0-9+_-]+={0,2}$/;
const TOKEN_CHARS = /^[A-Za-z0-9._~+=-]+$/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;

export function isIdSegment(raw: string): boolean {
  if (raw === '') return false;
  // Fast path for the common cases, without a regex: all digits (an id), or a short word with no
  // digit, `@` or `%` (a resource name: `users`, `orders`, `v`, `well-known`).
  let digits = 0;
  let special = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 64 || c === 37) special = true;
  }
  if (digits === raw.length) return raw.length > 0;
  if (digits === 0 && !special && raw.length < 16) return false;
  // Short mixed segments (`v1`, `s3`, `2fa`) are names; of the id shapes only numbers (`1.5`) fit.
  if (!special && raw.length < 8) return NUMBER.test(raw);
  let segment = raw;
  if (segment.includes('%')) {
    try {
      segment = decodeURIComponent(segment);
    } catch {
      return true; // malformed percent-encoding: nothing a route would be named after
    }
  }
  if (isHexOrUuid(segment) || NUMBER.test(segment) || UUID.test(segment) || HEX_WITH_DIGIT.test(segment) || HEX_LONG.test(segment)) return true;
  if (segment.includes('@')) return EMAIL.test(segment);
  if (DATE.test(segment)) return true;
  if (segment.length >= 16 && BASE64ISH.test(segment) && (segment.endsWith('=') || (HAS_DIGIT.test(segment) && HAS_LETTER.test(segment)))) {
    return true;
  }
  // Long opaque tokens (ULIDs, session ids, signed blobs), and anything very long.
  if (segment.length >= 20 && TOKEN_CHARS.test(segment) && HAS_DIGIT.test(segment)) return true;
  return segment.length > 48;
}

/**
 * The commonest id shapes without a regex: hex of 8+ characters with a digit, or of 16+ (what
 * HEX_WITH_DIGIT and HEX_LONG accept), and the dashed UUID (which UUID accepts). False says nothing.
 */
export function isHexOrUuid(segment: string): boolean {
  const dashed = segment.length === 36;
  let digit = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (dashed && (i === 8 || i === 13 || i === 18 || i === 23)) {
      if (c !== 45) return false;
    } else if (c >= 48 && c <= 57) digit = true;
    else if (!((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return dashed || segment.length >= 16 || (digit && segment.length >= 8);
}

const SLASH = 47;

/**
 * Replaces id-like path segments with `{id}`; the query string and fragment are dropped.
 * One pass over the characters: the shapes that decide most segments (all digits: an id; a short
 * word without digits, `@` or `%`: a name) are told apart while scanning, and only the other
 * segments are cut out for isIdSegment. The path itself is returned when nothing is replaced.
 */
export function routeTemplate(path: string): string {
  const p = stripQuery(path);
  let out = '';
  let copied = 0;
  let replaced = false;
  let start = 0;
  let digits = 0;
  let special = false;
  for (let i = 0; i <= p.length; i++) {
    const c = i === p.length ? SLASH : p.charCodeAt(i);
    if (c !== SLASH) {
      if (c >= 48 && c <= 57) digits++;
      else if (c === 64 || c === 37) special = true;
      continue;
    }
    const length = i - start;
    const id = length > 0 && (digits === length || ((digits > 0 || special || length >= 16) && isIdSegment(p.slice(start, i))));
    if (id) {
      out += `${p.slice(copied, start)}{id}`;
      copied = i;
      replaced = true;
    }
    start = i + 1;
    digits = 0;
    special = false;
  }
  return replaced ? out + p.slice(copied) : p;
}

/** The path without `?query` and `#fragment`. */
export function stripQuery(path: string): string {
  let end = path.length;
  const q = path.indexOf('?');
  if (q !== -1) end = q;
  const h = path.indexOf('#');
  if (h !== -1 && h < end) end = h;
  return end === path.length ? path : path.slice(0, end);
}
