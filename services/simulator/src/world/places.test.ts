import { createGeoLookup, createNetworkLookup } from '@tokenwatch/geo';
import { describe, expect, it } from 'vitest';
import { Prng } from '../random/prng';
import { createSimulation } from '../simulation';
import { ALL_ACCESS_NETWORKS, ALL_SITES, COUNTRIES, FOREIGN_PLACES } from './countries';
import { addressIn64, subnet64In, type Prefix4 } from './network';

/**
 * The world's ranges against the pipeline's own default lookups (DB-IP city data and the
 * @ip-location-db ASN table with its network classes): what the detector will see for them.
 */
const geo = createGeoLookup();
const asn = createNetworkLookup();

/** Three hosts in every /24 of a prefix. */
function probes(prefix: Prefix4): string[] {
  const out: string[] = [];
  for (let block = prefix.base; block < prefix.base + prefix.size; block += 256) {
    for (const host of [7, 130, 250]) {
      const n = block + host;
      out.push(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
    }
  }
  return out;
}

describe('the network table', () => {
  it.each(ALL_ACCESS_NETWORKS.map((n) => [n.id, n] as const))('%s: every /24 is in its country and announced by its AS', (_, network) => {
    for (const prefix of network.v4) {
      for (const ip of probes(prefix)) {
        expect(geo.lookup(ip)?.country, ip).toBe(network.country);
        expect(asn.lookup(ip)?.asn, ip).toBe(network.asn);
      }
    }
    const rng = new Prng(network.asn);
    for (const prefix of network.v6) {
      for (let i = 0; i < 24; i++) {
        const ip = addressIn64(subnet64In(prefix, rng), rng);
        expect(geo.lookup(ip)?.country, ip).toBe(network.country);
        expect(asn.lookup(ip)?.asn, ip).toBe(network.asn);
      }
    }
  });

  it('gives every carrier a pool that spans several cities of one country, as CGNAT pools do in the data', () => {
    for (const network of ALL_ACCESS_NETWORKS.filter((n) => n.role === 'mobile')) {
      const cities = new Set(network.v4.flatMap(probes).map((ip) => geo.lookup(ip)?.city));
      expect(cities.size, network.id).toBeGreaterThanOrEqual(5);
    }
  });

  it.each(ALL_SITES.map((s) => [s.id, s] as const))('%s: every /24 is in its city, announced by its AS, of the right class', (_, site) => {
    for (const prefix of site.v4) {
      for (const ip of probes(prefix)) {
        const where = geo.lookup(ip);
        expect(where?.country, ip).toBe(site.country);
        expect(where?.city, ip).toBe(site.city);
        const network = asn.lookup(ip);
        expect(network?.asn, ip).toBe(site.asn);
        if (site.role === 'cloud' || site.role === 'hosting') expect(network?.class, ip).toBe('hosting');
        if (site.role === 'vpn') expect(['hosting', 'anonymiser'], ip).toContain(network?.class);
        if (site.role === 'tor') expect(network?.class, ip).toBe('anonymiser');
      }
    }
  });

  it('keeps foreign (attacker) countries apart from the countries tokens live in', () => {
    const homes = new Set(COUNTRIES.map((c) => c.code));
    for (const place of FOREIGN_PLACES) expect(homes.has(place.country), place.id).toBe(false);
  });
});

describe('simulated addresses', () => {
  it('all geolocate and belong to an AS of the table', () => {
    const known = new Set([...ALL_ACCESS_NETWORKS, ...ALL_SITES].map((n) => n.asn));
    const sim = createSimulation({ tokens: 60, days: 3, seed: 'places-test', start: Date.parse('2026-03-27T00:00:00Z') });
    const seen = new Set<string>();
    for (const event of sim.events()) seen.add(event.ip);
    expect(seen.size).toBeGreaterThan(300);
    for (const ip of seen) {
      expect(geo.lookup(ip)?.country, ip).toBeTruthy();
      expect(known.has(asn.lookup(ip)?.asn ?? -1), ip).toBe(true);
    }
  });
});
