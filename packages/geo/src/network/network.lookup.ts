import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkInfo } from '@tokenwatch/contracts';
import type { IpAddress } from '@tokenwatch/common';
import { ASN_PACKAGE, installedPackage } from '../data/data.files';
import { createPrefixCachedLookup, type PrefixAnswer, type PrefixCacheStats } from '../prefix.cache';
import { AsnTable } from './asn.table';
import { networkClass } from './network-class';

/** One raw network lookup for a public address. */
export type NetworkBackend = (ip: IpAddress) => PrefixAnswer<NetworkInfo>;

export interface NetworkLookupOptions {
  /** Cache entries (a /24 or /48 block, or an address where the data splits its block); default 50 000. */
  cacheSize?: number;
  /** The database; default the installed @ip-location-db/asn tables. Tests inject their own. */
  backend?: NetworkBackend;
}

export interface NetworkLookup {
  /** The autonomous system and network class of an address; null for no, private, reserved or unannounced addresses. */
  lookup(ip: string | null | undefined): NetworkInfo | null;
  stats(): PrefixCacheStats;
}

/** IP -> { asn, org, class } through a bounded cache keyed by /24 (IPv4) or /48 (IPv6) where the data allows. */
export function createNetworkLookup(options: NetworkLookupOptions = {}): NetworkLookup {
  return createPrefixCachedLookup(options.backend ?? asnBackend, options.cacheSize ?? 50_000);
}

/** Files of the ASN package, one per family (the `-num` variants: decimal addresses parse fastest). */
export function asnDataFiles(dir: string): { ipv4: string; ipv6: string } {
  return { ipv4: join(dir, 'asn-ipv4-num.csv'), ipv6: join(dir, 'asn-ipv6-num.csv') };
}

/** A NetworkBackend over ASN tables, each family loaded on its first lookup. */
export function createAsnBackend(files: { ipv4: string; ipv6: string }): NetworkBackend {
  const tables: { 4?: AsnTable; 6?: AsnTable } = {};
  const answers: { 4: Array<NetworkInfo | undefined>; 6: Array<NetworkInfo | undefined> } = { 4: [], 6: [] };
  return (ip) => {
    const table = (tables[ip.version] ??= AsnTable.parse(readFileSync(ip.version === 4 ? files.ipv4 : files.ipv6, 'utf8'), ip.version));
    const { row, prefixLength } = table.find(ip.bytes);
    if (row < 0) return { value: null, prefixLength };
    const memo = answers[ip.version];
    let info = memo[row];
    if (info === undefined) {
      const asn = table.asnAt(row) || null;
      const org = table.orgAt(row);
      info = memo[row] = Object.freeze({ asn, org, class: networkClass(asn, org) });
    }
    return { value: info, prefixLength };
  };
}

let installed: NetworkBackend | undefined;

/** The installed @ip-location-db/asn data (read on the first lookup of each family: about 0.3 s for IPv4). */
const asnBackend: NetworkBackend = (ip) => {
  installed ??= createAsnBackend(asnDataFiles(installedPackage(ASN_PACKAGE)?.dir ?? ''));
  return installed(ip);
};
