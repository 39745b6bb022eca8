import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { enrichEvent } from './event.enricher';
import { geoDataInfo } from './geo-data.info';
import { createGeoLookup } from './geo.lookup';
import type { GeoBackend } from './geoip-lite.backend';

describe('geo lookup with geoip-lite', () => {
  const geo = createGeoLookup({ cacheSize: 100 });

  it('locates well-known public addresses (IPv4 and IPv6), with an accuracy radius', () => {
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'US', lat: expect.any(Number), lon: expect.any(Number), accuracyKm: expect.any(Number) });
    expect(geo.lookup('81.2.69.142')?.country).toBe('GB');
    expect(geo.lookup('2001:4860:4860::8888')?.country).toBe('US');
  });

  it('gives null for private, reserved and missing addresses', () => {
    for (const ip of ['10.0.0.1', '127.0.0.1', '192.168.1.1', '203.0.113.7', '::1', 'fd00::1', 'not-an-ip', '', null, undefined]) expect(geo.lookup(ip), String(ip)).toBeNull();
  });

  it('reports where its data comes from and when it was written', () => {
    const info = geoDataInfo({});
    expect(info).toMatchObject({ source: 'geoip-lite', packageVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Date.parse(info.dataUpdatedAt ?? '')).not.toBeNaN();
    expect(geoDataInfo({ GEODATADIR: '/nonexistent-folder' }).dataUpdatedAt).toBeNull();
  });
});

describe('geo cache', () => {
  const counting = () => {
    const calls: string[] = [];
    const backend: GeoBackend = (ip) => {
      calls.push(ip);
      return { country: 'NL', region: 'NH', city: 'Amsterdam', ll: [52.37, 4.89], area: 20 };
    };
    return { calls, backend };
  };

  it('asks the database once per address, answers "unknown" from the cache too', () => {
    const { calls, backend } = counting();
    const geo = createGeoLookup({ backend, cacheSize: 10 });
    for (let i = 0; i < 5; i++) geo.lookup('81.2.69.142');
    geo.lookup('10.0.0.1');
    geo.lookup('10.0.0.1');
    expect(calls).toEqual(['81.2.69.142']);
    expect(geo.stats()).toEqual({ hits: 5, misses: 2, size: 2 });
    expect(geo.lookup('81.2.69.142')).toEqual({ country: 'NL', region: 'NH', city: 'Amsterdam', lat: 52.37, lon: 4.89, accuracyKm: 20 });
  });

  it('stays bounded, keeping recently used addresses', () => {
    const { calls, backend } = counting();
    const geo = createGeoLookup({ backend, cacheSize: 4 });
    const ips = ['8.8.8.1', '8.8.8.2', '8.8.8.3', '8.8.8.4', '8.8.8.5', '8.8.8.6'];
    geo.lookup(ips[0]!);
    for (const ip of ips.slice(1)) {
      geo.lookup(ip);
      geo.lookup(ips[0]!); // keep the first one hot
    }
    expect(geo.stats().size).toBeLessThanOrEqual(4);
    expect(calls.filter((ip) => ip === ips[0])).toHaveLength(1);
    geo.lookup(ips[1]!); // long unused: evicted, asked again
    expect(calls.filter((ip) => ip === ips[1])).toHaveLength(2);
  });

  it('enrichEvent sets geo from ip', () => {
    const { backend } = counting();
    const geo = createGeoLookup({ backend });
    const event = { ip: '81.2.69.142', geo: null } as unknown as AccessEvent;
    expect(enrichEvent(event, geo).geo?.country).toBe('NL');
    expect(enrichEvent({ ...event, ip: null }, geo).geo).toBeNull();
    expect(event.geo).toBeNull(); // the input is not mutated
  });
});
