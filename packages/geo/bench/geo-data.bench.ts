/**
 * The geo and ASN data: load time and memory per data set, lookups per second uncached (every
 * lookup reaches the database) and cached (a realistic working set of client addresses), and how
 * many random public IPv4 addresses get a different country from geoip-lite's bundled data.
 * Run: `node --expose-gc --import tsx packages/geo/bench/geo-data.bench.ts [random addresses]`
 * (default 200 000). Wall-clock timings on a shared machine: run it alone (flock, see the README).
 */
import { performance } from 'node:perf_hooks';
import { isPrivateOrReserved, parseIp, seededRandom, type IpAddress } from '@tokenwatch/common';
import { citySource } from '../src/data/data.files';
import { createAsnBackend, asnDataFiles } from '../src/network/network.lookup';
import { ASN_PACKAGE, installedPackage } from '../src/data/data.files';
import { createGeoLookup, createMmdbCityBackend, createNetworkLookup, type GeoBackend, type NetworkBackend } from '../src/index';
import { geoipLiteBackend } from './geoip-lite.backend';

const COUNT = Number(process.argv[2] ?? 200_000);
const random = seededRandom(20_261_205);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
function memory(): { rss: number; heap: number; external: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external };
}
function delta(before: ReturnType<typeof memory>, after: ReturnType<typeof memory>): string {
  return `rss +${mb(after.rss - before.rss)}, heap +${mb(after.heap - before.heap)}, external +${mb(after.external - before.external)}`;
}

/** Random public IPv4 addresses (uniform over the space, private and reserved ranges skipped). */
function randomPublicV4(count: number): IpAddress[] {
  const out: IpAddress[] = [];
  while (out.length < count) {
    const n = Math.floor(random() * 2 ** 32);
    const ip = parseIp(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`)!;
    if (!isPrivateOrReserved(ip)) out.push(ip);
  }
  return out;
}

/** Random addresses inside 2000::/8 .. 2a0f::/16, where most announced IPv6 space is. */
function randomV6(count: number): IpAddress[] {
  const out: IpAddress[] = [];
  const hex = () => Math.floor(random() * 65536).toString(16);
  const firsts = ['2001', '2400', '2401', '2403', '2600', '2601', '2603', '2604', '2605', '2607', '2800', '2a00', '2a01', '2a02', '2a03', '2a0a'];
  while (out.length < count) {
    const ip = parseIp([firsts[Math.floor(random() * firsts.length)]!, hex(), hex(), hex(), hex(), hex(), hex(), hex()].join(':'))!;
    if (!isPrivateOrReserved(ip)) out.push(ip);
  }
  return out;
}

function timeLoad(label: string, first: () => void): void {
  const before = memory();
  const t = performance.now();
  first();
  const ms = performance.now() - t;
  console.log(`load ${label.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms   ${delta(before, memory())}`);
}

function perSecond(label: string, ips: readonly IpAddress[], fn: (ip: IpAddress) => unknown, rounds = 3): void {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const ip of ips) fn(ip);
    best = Math.max(best, ips.length / ((performance.now() - t) / 1000));
  }
  console.log(`${label.padEnd(46)} ${(best / 1e6).toFixed(2).padStart(6)} M/s  (${(1e6 / best).toFixed(2)} µs)`);
}

const v4 = randomPublicV4(COUNT);
const v6 = randomV6(Math.floor(COUNT / 4));
const city: GeoBackend = createMmdbCityBackend(citySource(process.env).files);
const asn: NetworkBackend = createAsnBackend(asnDataFiles(installedPackage(ASN_PACKAGE)!.dir));

console.log(`${COUNT} random public IPv4, ${v6.length} random IPv6; node ${process.version}`);
timeLoad('city IPv4 (mmdb)', () => city(v4[0]!));
timeLoad('city IPv6 (mmdb)', () => city(v6[0]!));
timeLoad('ASN IPv4 (csv)', () => asn(v4[0]!));
timeLoad('ASN IPv6 (csv)', () => asn(v6[0]!));
timeLoad('geoip-lite (2019-08)', () => geoipLiteBackend(v4[0]!));

console.log('\nuncached: every lookup reaches the database');
perSecond('city IPv4 (mmdb-lib)', v4, city);
perSecond('city IPv6 (mmdb-lib)', v6, city);
perSecond('ASN IPv4 (bisection)', v4, asn);
perSecond('ASN IPv6 (bisection)', v6, asn);
perSecond('geoip-lite IPv4', v4, geoipLiteBackend);

console.log('\ncached: 5 000 client addresses (as text), 1 000 000 lookups');
const clients = randomPublicV4(4_000)
  .map((ip) => ip.text)
  .concat(randomV6(1_000).map((ip) => ip.text));
const stream = Array.from({ length: 1_000_000 }, () => clients[Math.floor(random() * clients.length)]!);
const geo = createGeoLookup();
const network = createNetworkLookup();
const streamPerSecond = (label: string, fn: (ip: string) => unknown) => {
  let best = 0;
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    for (const ip of stream) fn(ip);
    if (r > 0) best = Math.max(best, stream.length / ((performance.now() - t) / 1000));
  }
  console.log(`${label.padEnd(46)} ${(best / 1e6).toFixed(2).padStart(6)} M/s  (${(1e6 / best).toFixed(3)} µs)`);
};
streamPerSecond('geo lookup (cache)', (ip) => geo.lookup(ip));
streamPerSecond('network lookup (cache)', (ip) => network.lookup(ip));
console.log(`geo cache ${JSON.stringify(geo.stats())}, network cache ${JSON.stringify(network.stats())}`);

console.log('\ncache over random public IPv4 (no reuse of addresses; blocks shared where the data allows)');
const wide = createGeoLookup({ cacheSize: 50_000 });
const wideNet = createNetworkLookup({ cacheSize: 50_000 });
const texts = v4.map((ip) => ip.text);
const t = performance.now();
for (const ip of texts) {
  wide.lookup(ip);
  wideNet.lookup(ip);
}
console.log(
  `geo+network ${(texts.length / ((performance.now() - t) / 1000) / 1e3).toFixed(0)}k addresses/s; geo ${JSON.stringify(wide.stats())}, network ${JSON.stringify(wideNet.stats())}`,
);

console.log('\ncountry: geoip-lite (2019-08) against DB-IP City Lite');
let both = 0;
let differ = 0;
let onlyOld = 0;
let onlyNew = 0;
let netKnown = 0;
const classes: Record<string, number> = {};
for (const ip of v4) {
  const before = geoipLiteBackend(ip).value?.country ?? null;
  const now = city(ip).value?.country ?? null;
  if (before && now) {
    both++;
    if (before !== now) differ++;
  } else if (before) onlyOld++;
  else if (now) onlyNew++;
  const info = asn(ip).value;
  if (info) {
    netKnown++;
    const key = info.class ?? 'null';
    classes[key] = (classes[key] ?? 0) + 1;
  }
}
const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(2)} %`;
console.log(`both know a country: ${both}; different country: ${differ} (${pct(differ, both)}); only geoip-lite: ${onlyOld}; only DB-IP: ${onlyNew}`);
console.log(
  `ASN known for ${pct(netKnown, v4.length)} of random public IPv4; classes among them: ${Object.entries(classes)
    .map(([k, n]) => `${k} ${pct(n, netKnown)}`)
    .join(', ')}`,
);
console.log(`final memory: rss ${mb(process.memoryUsage().rss)}`);
