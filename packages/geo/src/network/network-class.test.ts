import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASN_PACKAGE, installedPackage } from '../data/data.files';
import { AsnTable } from './asn.table';
import { networkClass } from './network-class';
import { CLASSIFIED_AS } from './network-class.table';
import { asnDataFiles } from './network.lookup';

describe('network classes', () => {
  it('lists each AS number once', () => {
    const seen = new Set<number>();
    for (const { asn } of CLASSIFIED_AS) {
      expect(seen.has(asn), String(asn)).toBe(false);
      seen.add(asn);
    }
  });

  it('names each listed AS as the installed ASN data does (catches typos and reassigned numbers)', () => {
    const files = asnDataFiles(installedPackage(ASN_PACKAGE)!.dir);
    const orgs = new Map<number, Set<string>>();
    for (const [path, version] of [
      [files.ipv4, 4],
      [files.ipv6, 6],
    ] as const) {
      const table = AsnTable.parse(readFileSync(path, 'utf8'), version);
      for (let row = 0; row < table.size; row++) {
        const asn = table.asnAt(row);
        if (!orgs.has(asn)) orgs.set(asn, new Set());
        orgs.get(asn)!.add((table.orgAt(row) ?? '').toLowerCase());
      }
    }
    const wrong = CLASSIFIED_AS.filter(({ asn, name }) => ![...(orgs.get(asn) ?? [])].some((org) => org.includes(name.toLowerCase())));
    expect(wrong.map(({ asn, name }) => `AS${asn} ${name}: ${[...(orgs.get(asn) ?? ['(absent)'])].join(' | ')}`)).toEqual([]);
  });

  it('classifies by table first, then by hosting and VPN wording, else null', () => {
    expect(networkClass(16509, 'Amazon.com, Inc.')).toBe('hosting');
    expect(networkClass(21928, 'T-Mobile USA, Inc.')).toBe('mobile');
    expect(networkClass(7922, 'Comcast Cable Communications, LLC')).toBe('residential');
    expect(networkClass(216025, 'Mullvad VPN AB')).toBe('anonymiser');
    expect(networkClass(396507, 'Emerald Onion')).toBe('anonymiser');
    expect(networkClass(64500, 'Example VPN Services Ltd')).toBe('anonymiser');
    expect(networkClass(64501, 'Example Hosting B.V.')).toBe('hosting');
    expect(networkClass(41012, 'The Cloud Networks Limited')).toBeNull();
    expect(networkClass(3320, 'Deutsche Telekom AG')).toBeNull();
    expect(networkClass(1766, 'Exxon Mobil Corporation')).toBeNull();
    expect(networkClass(null, null)).toBeNull();
    expect(networkClass(64502, null)).toBeNull();
  });
});
