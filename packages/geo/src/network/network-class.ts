import type { NetworkClass } from '@tokenwatch/contracts';
import { CLASSIFIED_AS, ORG_PATTERN_EXCEPTIONS, ORG_PATTERNS } from './network-class.table';

const BY_ASN = new Map<number, NetworkClass>(CLASSIFIED_AS.map((entry) => [entry.asn, entry.class]));

/**
 * The class of a network: the curated AS table first, then organisation-name patterns (anonymiser,
 * hosting); null when neither knows, which is most access networks (see README "Network classes").
 */
export function networkClass(asn: number | null, org: string | null): NetworkClass | null {
  if (asn !== null) {
    const known = BY_ASN.get(asn);
    if (known) return known;
    if (ORG_PATTERN_EXCEPTIONS.has(asn)) return null;
  }
  if (!org) return null;
  for (const [pattern, cls] of ORG_PATTERNS) if (pattern.test(org)) return cls;
  return null;
}
