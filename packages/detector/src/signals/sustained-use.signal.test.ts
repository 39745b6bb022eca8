import { describe, expect, it } from 'vitest';
import type { AccessEvent, NetworkInfo } from '@tokenwatch/contracts';
import { firing, runDetector, signalsOf } from '../testing/run-detector';
import { MONDAY, PLACES, event, merge, rng, type Place, type Profile } from '../testing/synthetic-traffic';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const carrier: NetworkInfo = { asn: 21928, org: 'T-Mobile USA, Inc.', class: 'mobile' };
const homeIsp: NetworkInfo = { asn: 7922, org: 'Comcast Cable Communications, LLC', class: 'residential' };
const otherIsp: NetworkInfo = { asn: 20115, org: 'Charter Communications', class: 'residential' };
const cloud: NetworkInfo = { asn: 16509, org: 'Amazon.com, Inc.', class: 'hosting' };
const CHICAGO: Place = { country: 'US', city: 'Chicago', lat: 41.88, lon: -87.63 };
const DALLAS: Place = { country: 'US', city: 'Dallas', lat: 32.78, lon: -96.8 };
const geoOf = (p: Place) => ({ ...p, region: null });

const person: Profile = { fp: 'a9a8a7a6a5a4a3a2', rate: () => 0, places: [PLACES.newYork], userAgents: ['AcmeApp/5.13.0'] };

/** A person's sittings: `perDay` app sessions a day of 6–12 requests a few seconds apart, on the carrier or at home. */
function sittings(p: Profile, from: number, days: number, perDay: number, seed: number, length = () => 6): AccessEvent[] {
  const random = rng(seed);
  const out: AccessEvent[] = [];
  for (let d = 0; d < days; d++) {
    for (let s = 0; s < perDay; s++) {
      let t = from + d * DAY + (8 + (s * 14) / perDay) * HOUR + Math.floor(random() * 30 * MIN);
      const atHome = random() < 0.4;
      const n = length() + Math.floor(random() * 7);
      for (let i = 0; i < n; i++) {
        t += 2_000 + Math.floor(random() * 15_000);
        out.push(
          event(
            p,
            t,
            { ip: atHome ? '73.12.0.5' : `172.58.${s}.${i}`, network: atHome ? homeIsp : carrier, geo: atHome ? geoOf(PLACES.newYork) : null },
            random,
          ),
        );
      }
    }
  }
  return out;
}

/** A client on its own clock: a request every 1–3 minutes over [start, start + duration). */
function steady(p: Profile, start: number, duration: number, over: (i: number) => Partial<AccessEvent>, seed = 5): AccessEvent[] {
  const random = rng(seed);
  const out: AccessEvent[] = [];
  for (let t = start, i = 0; t < start + duration; t += MIN + Math.floor(random() * 2 * MIN), i++) out.push(event(p, t, over(i), random));
  return out;
}

const AT = MONDAY + 10 * DAY + 10 * HOUR; // the owner's history ends the day before
const history = sittings(person, MONDAY, 10, 6, 1);
const twoHomes = (i: number): Partial<AccessEvent> => ({
  ip: i % 2 ? '35.148.121.144' : '35.130.36.45',
  network: otherIsp,
  geo: geoOf(i % 2 ? CHICAGO : DALLAS),
});

describe('concurrent_geo: a second client keeping its own clock', () => {
  it('hours of steady use from a network the token never used, while the owner is away, is one medium alert after an hour', () => {
    const { alerts } = runDetector(merge(history, steady(person, AT, 150 * MIN, twoHomes)));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    const s = signalsOf(hits, 'concurrent_geo')[0]!;
    expect(s.detail).toMatch(
      /^Requests from sources this token did not use before, now AS20115 Charter Communications \((Chicago|Dallas)\), have gone on for 6\d min without a pause of more than 5 min; the token's longest run of use is \d+ min \(threshold 60 min\): a second client keeping its own clock\.$/,
    );
    expect(hits[0]!.ts - AT).toBeGreaterThanOrEqual(HOUR);
    expect(hits[0]!.ts - AT).toBeLessThan(HOUR + 4 * MIN);
    expect(new Set(hits.map((a) => a.id)).size).toBe(1);
  });

  it("the same client on the owner's own ISP, from places the owner never used, is caught too", () => {
    const sameIsp = (i: number): Partial<AccessEvent> => ({ ...twoHomes(i), network: homeIsp });
    const { alerts } = runDetector(merge(history, steady(person, AT, 150 * MIN, sameIsp)));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    expect(signalsOf(hits, 'concurrent_geo').length).toBeGreaterThan(0);
    expect(hits[0]!.ts - AT).toBeGreaterThanOrEqual(HOUR);
  });

  it('the owner on a new Wi-Fi for two days, in their usual sittings, is not (control)', () => {
    const hotel = sittings(person, MONDAY + 10 * DAY, 2, 6, 2).map((e) => ({ ...e, ip: '35.148.121.144', network: otherIsp, geo: geoOf(CHICAGO) }));
    const { alerts } = runDetector(merge(history, hotel));
    expect(signalsOf(alerts, 'concurrent_geo')).toEqual([]);
  });

  it('a pause longer than the gap ends the run: the same requests in 40-minute bursts are not', () => {
    const bursts = [0, 1, 2, 3].flatMap((k) => steady(person, AT + k * 50 * MIN, 40 * MIN, twoHomes, 7 + k));
    const { alerts } = runDetector(merge(history, bursts));
    expect(signalsOf(alerts, 'concurrent_geo')).toEqual([]);
  });

  it('a token whose sittings last hours needs three times its longest run', () => {
    const long = sittings(person, MONDAY, 10, 2, 3, () => 400); // ~400 requests ~10 s apart: about an hour
    const { alerts } = runDetector(merge(long, steady(person, AT, 150 * MIN, twoHomes)));
    expect(signalsOf(alerts, 'concurrent_geo')).toEqual([]);
  });

  it('a service in use without pauses that adds a network or a cloud region is not a second client', () => {
    const service: Profile = { fp: 'b9b8b7b6b5b4b3b2', rate: () => 0, places: [PLACES.virginia] };
    const always = steady(service, MONDAY, 10 * DAY + 5 * HOUR, () => ({ network: cloud }), 11);
    const ashburn = always.filter((e) => e.ts < AT);
    const dublin = steady(service, AT, 3 * HOUR, () => ({ network: cloud, geo: geoOf(PLACES.dublin) }), 12);
    const newNat = steady(service, AT, 3 * HOUR, () => ({ network: otherIsp }), 13);
    for (const extra of [dublin, newNat]) expect(signalsOf(runDetector(merge(ashburn, extra)).alerts, 'concurrent_geo')).toEqual([]);
  });
});
