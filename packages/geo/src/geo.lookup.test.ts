import { describe, expect, it } from 'vitest';
import type { AccessEvent, GeoLocation, NetworkInfo } from '@tokenwatch/contracts';
import { AccessEvent as AccessEventSchema } from '@tokenwatch/contracts';
import type { GeoBackend } from './city/mmdb-city.backend';
import { enrichEvent } from './event.enricher';
import { geoDataInfo } from './geo-data.info';
import { createGeoLookup } from './geo.lookup';
import { createNetworkLookup, type NetworkBackend } from './network/network.lookup';

const NOT_PUBLIC = [
  '10.0.0.1',
  '127.0.0.1',
  '192.168.1.1',
  '203.0.113.7',
  '100.64.1.1',
  '::1',
  'fd00::1',
  'fe80::1',
  '2001:db8::1',
  'not-an-ip',
  '1.2.3',
  '1.2.3.04',
  '',
  null,
  undefined,
];

describe('geo lookup with the installed DB-IP Lite city data', () => {
  const geo = createGeoLookup({ cacheSize: 100 });

  it('locates well-known public addresses (IPv4, IPv6, IPv4-mapped IPv6)', () => {
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'US', lat: expect.any(Number), lon: expect.any(Number) });
    expect(geo.lookup('81.2.69.142')).toMatchObject({ country: 'GB', city: 'London' });
    expect(geo.lookup('2a00:1450:4001::1')?.country).toBe('DE');
    expect(geo.lookup('::ffff:81.2.69.142')?.country).toBe('GB');
  });

  it('has no accuracy radius (DB-IP Lite gives none) rather than an invented one', () => {
    expect(geo.lookup('8.8.8.8')?.accuracyKm).toBeNull();
  });

  it('gives null for private, reserved, malformed and missing addresses', () => {
    for (const ip of NOT_PUBLIC) expect(geo.lookup(ip), String(ip)).toBeNull();
  });

  it('reports each data set and the date its data was built', () => {
    const info = geoDataInfo({});
    expect(info.city).toMatchObject({ source: 'dbip-city-lite', present: true, packageVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(info.asn).toMatchObject({ source: 'ip-location-db-asn', present: true });
    for (const set of [info.city, info.asn]) expect(Date.parse(set.builtAt ?? '')).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
    expect(geoDataInfo({ TOKENWATCH_GEO_CITY_MMDB: '/nonexistent-folder/city.mmdb' }).city).toMatchObject({
      source: 'maxmind-mmdb',
      present: false,
      builtAt: null,
    });
  });
});

describe('network lookup with the installed ASN data', () => {
  const network = createNetworkLookup({ cacheSize: 100 });

  it('finds the autonomous system of public addresses', () => {
    expect(network.lookup('8.8.8.8')).toMatchObject({ asn: 15169, org: expect.stringMatching(/google/i) });
    expect(network.lookup('2a00:1450:4001::1')).toMatchObject({ asn: 15169 });
    expect(network.lookup('1.1.1.1')).toMatchObject({ asn: 13335, org: expect.stringMatching(/cloudflare/i) });
  });

  it('gives null for private, reserved, malformed and missing addresses', () => {
    for (const ip of NOT_PUBLIC) expect(network.lookup(ip), String(ip)).toBeNull();
  });
});

const AMSTERDAM: GeoLocation = { country: 'NL', region: 'North Holland', city: 'Amsterdam', lat: 52.37, lon: 4.89, accuracyKm: null };

describe('prefix cache', () => {
  /** A database whose networks are /prefixLength for IPv4 and /(prefixLength + 16) for IPv6. */
  const counting = (prefixLength: number) => {
    const calls: string[] = [];
    const backend: GeoBackend = (ip) => {
      calls.push(ip.text);
      return { value: AMSTERDAM, prefixLength: ip.version === 4 ? prefixLength : prefixLength + 16 };
    };
    return { calls, backend };
  };

  it('asks the database once per /24 when the network spans it, answers "unknown" from the cache too', () => {
    const { calls, backend } = counting(16);
    const geo = createGeoLookup({ backend, cacheSize: 10 });
    for (let i = 0; i < 5; i++) geo.lookup(`81.2.69.${i}`);
    geo.lookup('10.0.0.1');
    geo.lookup('10.0.0.2');
    expect(calls).toEqual(['81.2.69.0']);
    expect(geo.stats()).toEqual({ hits: 5, misses: 2, size: 2 });
    expect(geo.lookup('81.2.69.200')).toEqual(AMSTERDAM);
    expect(geo.lookup('81.2.70.1')).toEqual(AMSTERDAM);
    expect(calls).toEqual(['81.2.69.0', '81.2.70.1']);
  });

  it('asks per address inside a block the data splits', () => {
    const { calls, backend } = counting(28);
    const geo = createGeoLookup({ backend, cacheSize: 10 });
    for (const ip of ['81.2.69.1', '81.2.69.2', '81.2.69.1', '81.2.69.2']) geo.lookup(ip);
    expect(calls).toEqual(['81.2.69.1', '81.2.69.2']);
  });

  it('caches IPv6 by /48 when the network spans it, and IPv4-mapped addresses as IPv4', () => {
    const { calls, backend } = counting(16);
    const geo = createGeoLookup({ backend, cacheSize: 10 });
    for (const ip of ['2a00:1450:4001::1', '2a00:1450:4001:1::2', '2A00:1450:4001::3', '::ffff:81.2.69.1', '81.2.69.9'])
      expect(geo.lookup(ip), ip).toEqual(AMSTERDAM);
    expect(calls).toEqual(['2a00:1450:4001::1', '81.2.69.1']);
    geo.lookup('2a00:1450:4002::1');
    expect(calls).toHaveLength(3);
  });

  it('never serves a cached block for a string that is not an address', () => {
    const { calls, backend } = counting(28);
    const geo = createGeoLookup({ backend, cacheSize: 10 });
    geo.lookup('81.2.69.1');
    for (const ip of ['81.2.69.256', '81.2.69.01', '81.2.69.', '81.2.69.1x', 'x81.2.69.1', '81.2.69.1.1']) expect(geo.lookup(ip), ip).toBeNull();
    expect(calls).toEqual(['81.2.69.1']);
  });

  it('stays bounded, keeping recently used blocks', () => {
    const { calls, backend } = counting(24);
    const geo = createGeoLookup({ backend, cacheSize: 4 });
    const ips = ['8.8.1.1', '8.8.2.1', '8.8.3.1', '8.8.4.1', '8.8.5.1', '8.8.6.1'];
    geo.lookup(ips[0]);
    for (const ip of ips.slice(1)) {
      geo.lookup(ip);
      geo.lookup(ips[0]); // keep the first one hot
    }
    expect(geo.stats().size).toBeLessThanOrEqual(4);
    expect(calls.filter((ip) => ip === ips[0])).toHaveLength(1);
    geo.lookup(ips[1]); // long unused: evicted, asked again
    expect(calls.filter((ip) => ip === ips[1])).toHaveLength(2);
  });
});

describe('enrichEvent', () => {
  const HOSTING: NetworkInfo = { asn: 64500, org: 'Example Hosting', class: 'hosting' };
  const geo = createGeoLookup({ backend: () => ({ value: AMSTERDAM, prefixLength: 24 }) });
  const backend: NetworkBackend = () => ({ value: HOSTING, prefixLength: 24 });
  const network = createNetworkLookup({ backend });
  const event: AccessEvent = {
    id: 'e1',
    ts: 1_780_000_000_000,
    gateway: 'kong',
    token: { fp: '0123456789abcdef', hint: null, kind: 'api_key' },
    ip: '81.2.69.142',
    method: 'GET',
    route: '/v1/x',
    path: '/v1/x',
    status: 200,
    bytes: 10,
    latencyMs: 1,
    userAgent: null,
    consumer: null,
    service: null,
    geo: null,
  };

  it('sets geo and network from ip, null without one, and does not mutate the input', () => {
    const enriched = enrichEvent(event, geo, network);
    expect(enriched).toMatchObject({ geo: AMSTERDAM, network: HOSTING });
    expect(AccessEventSchema.safeParse(enriched).success).toBe(true);
    expect(enrichEvent({ ...event, ip: null }, geo, network)).toMatchObject({ geo: null, network: null });
    expect(enrichEvent({ ...event, ip: '10.1.2.3' }, geo, network)).toMatchObject({ geo: null, network: null });
    expect(event.geo).toBeNull();
    expect('network' in event).toBe(false);
  });

  it('copies every field of the schema, in the order a spread would, and sets the route it is given', () => {
    const enriched = enrichEvent(event, geo, network);
    expect(Object.keys(enriched)).toEqual(Object.keys(AccessEventSchema.shape));
    expect(JSON.stringify(enriched)).toBe(JSON.stringify({ ...event, geo: AMSTERDAM, network: HOSTING }));
    expect(enrichEvent(event, geo, network, '{other}').route).toBe('{other}');
  });
});
