/** Legal-form words that differ between the autonomous systems of one operator ("Amazon.com, Inc." / "Amazon Technologies Inc."). */
const LEGAL_FORMS = new Set(['inc', 'llc', 'ltd', 'limited', 'gmbh', 'co', 'corp', 'corporation', 'company', 'sa', 'sas', 'ag', 'bv', 'plc', 'ohg', 'kg', 'sau', 'spa', 'srl', 'ab', 'as', 'oy', 'pte', 'pty', 'kk', 'technologies', 'services', 'communications']);
const MAX_CACHED = 4096;
const cache = new Map<number, number>();

/**
 * The operator behind a network, as a stable 32-bit key: the organisation name without punctuation and
 * legal forms, hashed (FNV-1a), so an operator's several ASes (AWS's 14618 and 16509, Google's 15169 and
 * 396982) are one network; the ASN itself when the data has no name. Never 0 for a real ASN. Cached per ASN: one
 * data set names each AS once.
 */
export function operatorKey(asn: number, org: string | null | undefined): number {
  const cached = cache.get(asn);
  if (cached !== undefined) return cached;
  const name = org ? canonicalOrg(org) : '';
  const key = name === '' ? asn : fnv1a(name) || 1;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(asn, key);
  return key;
}

export function canonicalOrg(org: string): string {
  const words = org.toLowerCase().replace(/\.(com|net|org)\b/g, '').replace(/[^\p{L}\p{N}\s]/gu, '').split(/\s+/).filter((w) => w !== '');
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
