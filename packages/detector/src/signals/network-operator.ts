/** Legal-form words that differ between the autonomous systems of one operator ("Amazon.com, Inc." / "Amazon Technologies Inc."). */
const LEGAL_FORMS = new Set([
  'inc',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'co',
  'corp',
  'corporation',
  'company',
  'sa',
  'sas',
  'ag',
  'bv',
  'plc',
  'ohg',
  'kg',
  'sau',
  'spa',
  'srl',
  'ab',
  'as',
  'oy',
  'pte',
  'pty',
  'kk',
  'technologies',
  'services',
  'communications',
]);
const MAX_CACHED = 4096;
const cache = new Map<number, number>();

/** Appended to an operator's name for its mobile network: a carrier's phones and its broadband homes are two networks. */
const MOBILE_SUFFIX = ' #mobile';

/**
 * The operator behind a network, as a stable 32-bit key: the organisation name without punctuation and
 * legal forms, hashed (FNV-1a), so an operator's several ASes (AWS's 14618 and 16509, Google's 15169 and
 * 396982) are one network; the ASN itself when the data has no name. An operator's mobile network is
 * apart from its fixed one (Airtel's AS45609 phones and AS24560 broadband): a device on one is not on the
 * other, and a phone has one carrier. Never 0 for a real ASN. Cached per ASN and class: one data set names
 * and classes each AS once.
 */
export function operatorKey(asn: number, org: string | null | undefined, mobile = false): number {
  const cacheKey = asn * 2 + (mobile ? 1 : 0);
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const name = org ? canonicalOrg(org) : '';
  const key = name === '' ? asn : fnv1a(mobile ? name + MOBILE_SUFFIX : name) || 1;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, key);
  return key;
}

export function canonicalOrg(org: string): string {
  const words = org
    .toLowerCase()
    .replace(/\.(com|net|org)\b/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .split(/\s+/)
    .filter((w) => w !== '');
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
