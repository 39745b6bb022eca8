import type { NetworkClass } from '@tokenwatch/contracts';

/** The class of a network from its AS number and organisation name; null when the tables do not know it. */
export function networkClass(asn: number | null, org: string | null): NetworkClass | null {
  void asn;
  void org;
  return null;
}
