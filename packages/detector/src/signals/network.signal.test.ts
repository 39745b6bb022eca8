import { describe, expect, it } from 'vitest';
import type { AccessEvent, NetworkInfo } from '@tokenwatch/contracts';
import { firing, runDetector, signalTypes, signalsOf } from '../testing/run-detector';
import { MONDAY, PLACES, dailyCycle, event, merge, rng, traffic, type Place, type Profile } from '../testing/synthetic-traffic';

const DAY = 86_400_000;
const MIN = 60_000;
const US: Record<string, Place> = {
  newYork: PLACES.newYork,
  chicago: { country: 'US', city: 'Chicago', lat: 41.88, lon: -87.63 },
  dallas: { country: 'US', city: 'Dallas', lat: 32.78, lon: -96.8 },
  losAngeles: { country: 'US', city: 'Los Angeles', lat: 34.05, lon: -118.24 },
  seattle: { country: 'US', city: 'Seattle', lat: 47.61, lon: -122.33 },
};
const carrier: NetworkInfo = { asn: 21928, org: 'T-Mobile USA, Inc.', class: 'mobile' };
const homeIsp: NetworkInfo = { asn: 7922, org: 'Comcast Cable Communications, LLC', class: 'residential' };
const cloud: NetworkInfo = { asn: 16509, org: 'Amazon.com, Inc.', class: 'hosting' };
const onNetwork = (events: AccessEvent[], network: NetworkInfo) => events.map((e) => ({ ...e, network }));
const AT = MONDAY + 8 * DAY + 15 * 3_600_000;

/** A phone on its carrier: requests geolocate to any of the carrier's US gateways, far apart (more than the 6 tracked places). */
const GATEWAYS: Place[] = [
  ...Object.values(US),
  ...[
    [33.75, -84.39],
    [29.76, -95.37],
    [39.74, -104.99],
    [25.76, -80.19],
    [42.36, -71.06],
    [44.98, -93.27],
    [36.17, -115.14],
    [45.52, -122.68],
    [38.63, -90.2],
    [35.23, -80.84],
  ].map(([lat, lon]) => ({ country: 'US', city: null, lat: lat!, lon: lon! })),
];
const phone: Profile = { fp: 'c1c2c3c4c5c6c7c8', rate: dailyCycle(40), places: GATEWAYS, userAgents: ['okhttp/4.12.0'] };
const phoneHistory = onNetwork(traffic(phone, MONDAY, AT + 60 * MIN, 21), carrier);

const service: Profile = { fp: 'd1d2d3d4d5d6d7d8', rate: dailyCycle(60), places: [PLACES.newYork] };
const serviceHistory = onNetwork(traffic(service, MONDAY, AT + 60 * MIN, 22), homeIsp);
const burst = (p: Profile, network: NetworkInfo | null, start: number, n: number, every: number, over: Partial<AccessEvent> = {}) => {
  const random = rng(9);
  return Array.from({ length: n }, (_, i) => event(p, start + i * every, { ip: '203.0.113.7', network, ...over }, random));
};

describe("geography that knows the token's own networks", () => {
  it("a phone roaming across its own carrier's gateways is not travel", () => {
    const { alerts } = runDetector(phoneHistory);
    expect(signalTypes(alerts).has('impossible_travel')).toBe(false);
    expect(signalTypes(alerts).has('concurrent_geo')).toBe(false);
    expect(firing(alerts, { min: 'medium' })).toEqual([]);
  });

  it('a fixed-line network the token never used, in its own country, is not travel (an office line geolocates to the head office)', () => {
    const office = burst(phone, { asn: 64_999, org: 'Other ISP', class: 'residential' }, AT, 6, 2 * MIN);
    const places = [US.seattle!, US.newYork!, US.losAngeles!, US.newYork!, US.seattle!, US.newYork!];
    office.forEach((e, i) => (e.geo = { ...places[i]!, region: null }));
    const { alerts } = runDetector(
      merge(
        phoneHistory.filter((e) => e.ts < AT),
        office,
      ),
      { decision: { minAlertScore: 0.01 } },
    );
    expect(signalTypes(alerts).has('impossible_travel')).toBe(false);
  });

  it('the same jumps on servers the token never used are judged as travel (control)', () => {
    const strangers = burst(phone, { asn: 64_999, org: 'Other Hosting', class: 'hosting' }, AT, 6, 2 * MIN);
    const places = [US.seattle!, US.newYork!, US.losAngeles!, US.newYork!, US.seattle!, US.newYork!];
    strangers.forEach((e, i) => (e.geo = { ...places[i]!, region: null }));
    const { alerts } = runDetector(
      merge(
        phoneHistory.filter((e) => e.ts < AT),
        strangers,
      ),
    );
    expect(signalTypes(firing(alerts, { after: AT })).has('impossible_travel')).toBe(true);
  });

  it('without network data it keeps judging distance (events stored before v1.2)', () => {
    const bare = phoneHistory.map(({ network: _n, ...e }) => e);
    const { alerts } = runDetector(bare);
    expect(signalTypes(alerts).has('impossible_travel')).toBe(true);
  });
});

describe('new_network', () => {
  it('a first request from a cloud network, a kind the token never used, is a medium alert on its own', () => {
    const { alerts } = runDetector(merge(serviceHistory, burst(service, cloud, AT, 3, 20_000)));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    expect(new Set(hits.map((a) => a.id)).size).toBe(1);
    const s = signalsOf(hits, 'new_network')[0]!;
    expect(s.observed).toBe('AS16509 Amazon.com, Inc.');
    expect(s.detail).toMatch(/^First request from AS16509 Amazon\.com, Inc\., a hosting network, a kind this token never used; usual: AS7922 100%\.$/);
  });

  it('another access network alone is weak context; a pool of them within the hour climbs', () => {
    const one = runDetector(merge(serviceHistory, burst(service, { asn: 701, org: 'Verizon Business', class: 'residential' }, AT, 3, 20_000)), {
      decision: { minAlertScore: 0.01 },
    });
    expect(signalsOf(one.alerts, 'new_network')[0]!.score).toBeCloseTo(0.2);
    const pool = Array.from({ length: 8 }, (_, i) => burst(service, { asn: 65_000 + i, org: null, class: 'residential' }, AT + i * 30_000, 1, 0)).flat();
    const many = runDetector(merge(serviceHistory, pool), { decision: { minAlertScore: 0.01 } });
    const scores = signalsOf(many.alerts, 'new_network').map((s) => s.score);
    expect(Math.max(...scores)).toBeGreaterThanOrEqual(0.6);
    expect(signalsOf(many.alerts, 'new_network').at(-1)!.detail).toMatch(/new networks this hour/);
  });

  it("a cloud token moving between its own cloud's addresses says nothing; an unknown ASN is never a network", () => {
    const ci = onNetwork(traffic({ ...service, fp: 'e1e2e3e4e5e6e7e8' }, MONDAY, AT + 60 * MIN, 23), cloud);
    const unknown = burst({ ...service, fp: 'e1e2e3e4e5e6e7e8' }, { asn: null, org: null, class: null }, AT, 5, MIN);
    const { alerts } = runDetector(merge(ci, unknown), { decision: { minAlertScore: 0.01 } });
    expect(signalsOf(alerts, 'new_network')).toEqual([]);
  });
});

describe('operators and cloud tokens', () => {
  const cloudToken: Profile = { ...service, fp: 'f1f2f3f4f5f6f7f8', places: [{ country: 'US', city: 'Boardman', lat: 45.84, lon: -119.7 }] };
  const cloudHistory = onNetwork(traffic(cloudToken, MONDAY, AT, 24), cloud);

  it("an operator's several ASes are one network (AWS announces 14618 and 16509)", () => {
    const otherAs = burst(cloudToken, { asn: 14618, org: 'Amazon.com, Inc.', class: 'hosting' }, AT, 5, MIN);
    const { alerts } = runDetector(merge(cloudHistory, otherAs), { decision: { minAlertScore: 0.01 } });
    expect(signalsOf(alerts, 'new_network')).toEqual([]);
  });

  it('a token that only ever ran in one cloud, used from another provider, is a medium alert', () => {
    const vps = burst(cloudToken, { asn: 14061, org: 'DigitalOcean, LLC', class: 'hosting' }, AT, 3, MIN);
    const { alerts } = runDetector(merge(cloudHistory, vps));
    const s = signalsOf(firing(alerts, { after: AT, min: 'medium' }), 'new_network');
    expect(s[0]!.detail).toMatch(/a cloud provider this token, which only ever ran in the cloud, never used/);
  });

  it('its own cloud in another country is not travel, and a new country there is weak', () => {
    const dublin = burst(cloudToken, cloud, AT, 5, MIN, { geo: { country: 'IE', region: null, city: 'Dublin', lat: 53.35, lon: -6.26 } });
    const { alerts } = runDetector(merge(cloudHistory, dublin), { decision: { minAlertScore: 0.01 } });
    expect(signalsOf(alerts, 'impossible_travel')).toEqual([]);
    expect(signalsOf(alerts, 'new_country')[0]!.score).toBeCloseTo(0.2);
    expect(firing(alerts, { after: AT, min: 'medium' })).toEqual([]);
  });

  it("an operator's mobile network is apart from its broadband: a phone on it is a second carrier for a home on the other", () => {
    const fixed: NetworkInfo = { asn: 24560, org: 'Bharti Airtel Limited', class: 'residential' };
    const mobile: NetworkInfo = { asn: 45609, org: 'Bharti Airtel Limited', class: 'mobile' };
    const homeAndCarrier = phoneHistory.map((e, i) => ({ ...e, network: i % 3 === 0 ? fixed : e.network }));
    const other = burst(phone, mobile, AT + 2 * 60 * MIN, 3, MIN);
    const { alerts } = runDetector(merge(homeAndCarrier, other), { decision: { minAlertScore: 0.01 } });
    const s = signalsOf(alerts, 'new_network');
    expect(s.map((x) => x.observed)).toEqual(['AS45609 Bharti Airtel Limited']);
    expect(s[0]!.detail).toMatch(/a second mobile carrier/);
    const sameAs = burst(phone, { ...fixed, asn: 9498 }, AT + 2 * 60 * MIN, 3, MIN);
    expect(signalsOf(runDetector(merge(homeAndCarrier, sameAs), { decision: { minAlertScore: 0.01 } }).alerts, 'new_network')).toEqual([]);
  });

  it('a second mobile carrier for a phone on another one is stronger than another home network', () => {
    const other = burst(phone, { asn: 22394, org: 'Verizon Business', class: 'mobile' }, AT + 2 * 60 * MIN, 3, MIN, { geo: { ...US.chicago!, region: null } });
    const { alerts } = runDetector(merge(phoneHistory, other), { decision: { minAlertScore: 0.01 } });
    const s = signalsOf(alerts, 'new_network')[0]!;
    expect(s.score).toBeCloseTo(0.4);
    expect(s.detail).toMatch(/a second mobile carrier/);
  });
});

describe('travel time is the silence a flight needs', () => {
  const home = burst(phone, homeIsp, AT - 14 * 60 * MIN, 3, MIN, { geo: { ...US.newYork!, region: null } });
  const hotelWifi = (at: number) =>
    burst(phone, { asn: 3320, org: 'Deutsche Telekom AG', class: 'residential' }, at, 3, MIN, {
      geo: { country: 'DE', region: null, city: 'Berlin', lat: 52.52, lon: 13.4 },
    });
  const history = phoneHistory.filter((e) => e.ts < AT - 15 * 60 * MIN);

  it('a phone on its carrier after a silence long enough for the flight, then abroad on Wi-Fi, has not travelled impossibly', () => {
    const roaming = burst(phone, carrier, AT - 30 * MIN, 4, 5 * MIN); // home-routed: its carrier's addresses are still at home
    const { alerts } = runDetector(merge(history, home, roaming, hotelWifi(AT)), { decision: { minAlertScore: 0.01 } });
    expect(signalsOf(alerts, 'impossible_travel')).toEqual([]);
  });

  it('the same arrival with no silence for a flight is impossible travel (control)', () => {
    const busy = Array.from({ length: 40 }, (_, i) => burst(phone, carrier, AT - 14 * 60 * MIN + (i + 3) * 20 * MIN, 1, 0)).flat();
    const { alerts } = runDetector(
      merge(
        history,
        home,
        busy.filter((e) => e.ts < AT),
        hotelWifi(AT),
      ),
      { decision: { minAlertScore: 0.01 } },
    );
    expect(signalsOf(alerts, 'impossible_travel').length).toBeGreaterThan(0);
  });
});

describe('a second client on the token from the same city', () => {
  it('a new network alternating with the usual one is concurrent use', () => {
    const other: NetworkInfo = { asn: 701, org: 'Verizon Business', class: 'residential' };
    const interleaved = Array.from({ length: 12 }, (_, i) => burst(service, i % 2 === 0 ? other : homeIsp, AT + i * MIN, 1, 0)).flat();
    const { alerts } = runDetector(
      merge(
        serviceHistory.filter((e) => e.ts < AT),
        interleaved,
      ),
    );
    const c = signalsOf(firing(alerts, { after: AT, min: 'medium' }), 'concurrent_geo');
    expect(c).toHaveLength(1);
    expect(c[0]!.detail).toMatch(/^Requests alternate between the usual network AS7922 and the new network AS701: 4 switches in 3 min/);
  });

  it('switching once to a new network and staying there is not', () => {
    const moved = burst(service, { asn: 701, org: 'Verizon Business', class: 'residential' }, AT, 12, MIN);
    const { alerts } = runDetector(
      merge(
        serviceHistory.filter((e) => e.ts < AT),
        moved,
      ),
    );
    expect(signalsOf(alerts, 'concurrent_geo')).toEqual([]);
  });
});
