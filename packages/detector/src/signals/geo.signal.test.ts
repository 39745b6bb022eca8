import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { firing, runDetector, signalTypes, signalsOf } from '../testing/run-detector';
import { MONDAY, PLACES, dailyCycle, event, merge, rng, traffic, type Place, type Profile } from '../testing/synthetic-traffic';

const DAY = 86_400_000;
const MIN = 60_000;
const home: Profile = { fp: 'b1b2b3b4b5b6b7b8', rate: dailyCycle(60), places: [PLACES.newYork] };
const AT = MONDAY + 8 * DAY + 15 * 3_600_000;
/** Home traffic up to the attack time, and on around it for half an hour. */
const history = traffic(home, MONDAY, AT + 30 * MIN, 11);
/** Weak signals alone never make an alert: to see them, let any score through. */
const showWeak = { decision: { minAlertScore: 0.01 } };
const geo = (p: Place) => ({ ...p, region: null });
const from = (p: Place, start: number, n: number, every: number, over: Partial<AccessEvent> = {}) => {
  const random = rng(5);
  return Array.from({ length: n }, (_, i) => event(home, start + i * every, { geo: geo(p), ip: '203.0.113.9', ...over }, random));
};

describe('new_country and rare_country', () => {
  it('reports a new country after learning, naming the usual ones, as a low-severity signal alone', () => {
    const { alerts } = runDetector(merge(history, from(PLACES.saoPaulo, AT, 1, 0, { geo: { ...geo(PLACES.saoPaulo), lat: null, lon: null } })));
    const s = signalsOf(firing(alerts), 'new_country');
    expect(s).toHaveLength(1);
    expect(s[0]!.detail).toMatch(/^First request from BR after [\d,]+ requests only from US 100%\.$/);
    expect(firing(alerts)[0]!.severity).toBe('low');
  });

  it('says nothing about countries while learning without peers, and for allowlisted countries', () => {
    const early = runDetector(merge(traffic(home, MONDAY, MONDAY + 3_600_000 * 5, 1), from(PLACES.saoPaulo, MONDAY + 3_600_000 * 5, 1, 0)));
    expect(signalsOf(firing(early.alerts), 'new_country')).toEqual([]);
    const allowed = runDetector(merge(history, from(PLACES.saoPaulo, AT, 1, 0, { geo: { ...geo(PLACES.saoPaulo), lat: null, lon: null } })), {
      allowlists: [{ fp: home.fp, countries: ['BR'] }],
    });
    expect(firing(allowed.alerts)).toEqual([]);
  });

  it('reports a rare country once it is a sliver of a long history', () => {
    const mostlyUs: Profile = { ...home, places: [...Array(199).fill(PLACES.newYork), PLACES.dublin] };
    const { alerts } = runDetector(traffic(mostlyUs, MONDAY, MONDAY + 10 * DAY, 12), { ...showWeak, signals: { new_country: { enabled: false } } });
    const rare = signalsOf(alerts, 'rare_country');
    expect(rare.length).toBeGreaterThan(0);
    expect(rare[0]!.detail).toMatch(/Request from IE, [\d.]+% of this token's recent requests/);
  });
});

describe('impossible_travel and concurrent_geo', () => {
  it('fires on a jump New York -> Moscow in minutes, at medium or above, with speed and accuracy in the detail', () => {
    const { alerts } = runDetector(merge(history, from(PLACES.moscow, AT, 3, 20_000)));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - AT).toBeLessThanOrEqual(60_000);
    const travel = signalsOf(hits, 'impossible_travel')[0]!;
    expect(travel.detail).toMatch(
      /^[\d,]+ km from \(40\.7, -74\.0\) to Moscow, RU with .* to travel: [\d,]+ km\/h after \d+ km of geo accuracy; the quickest trip takes 9 h \(flights at 1,000 km\/h plus 2 h of airports, or 300 km\/h on the ground\)\.$/,
    );
  });

  it('reports one incident for an attacker session abroad, not a second one when the owner resumes at home', () => {
    // the owner is offline during the attacker's session and resumes hours later, after the incident resolved
    const before = history.filter((e) => e.ts < AT);
    const after = traffic(home, AT + 150 * MIN, AT + 8 * 3_600_000, 14);
    const { alerts } = runDetector(merge(before, from(PLACES.moscow, AT, 10, MIN), after), undefined, AT + DAY);
    const incidents = new Set(firing(alerts, { after: AT }).map((a) => a.id));
    expect(incidents.size).toBe(1);
  });

  it('stays quiet on a plausible flight (no traffic for the flight time, then the destination)', () => {
    const lastHome = history[history.length - 1]!.ts;
    const { alerts } = runDetector(merge(history, from(PLACES.dublin, lastHome + 12 * 3_600_000, 30, MIN, { ip: history[0]!.ip })), {
      ...showWeak,
      signals: { new_country: { enabled: false } },
    });
    expect(signalTypes(firing(alerts))).not.toContain('impossible_travel');
  });

  it('convicts a session abroad that a night of silence made look possible when the owner is back home too soon', () => {
    const before = history.filter((e) => e.ts < AT - 20 * 3_600_000);
    const abroad = from(PLACES.moscow, AT, 10, MIN);
    const on = (network: AccessEvent['network']) => traffic(home, AT + 3 * 3_600_000, AT + 5 * 3_600_000, 15).map((e) => ({ ...e, network }));
    const backHome = on({ asn: 7922, org: 'Comcast Cable Communications, LLC', class: 'residential' });
    // an operator of unknown kind may be a carrier: its roaming phones keep home addresses abroad
    const unclassified = runDetector(merge(before, abroad, on({ asn: 812, org: 'Rogers Communications Canada Inc.', class: null })));
    expect(signalTypes(firing(unclassified.alerts, { after: AT }))).not.toContain('impossible_travel');
    const { alerts } = runDetector(merge(before, abroad, backHome));
    const arrival = firing(alerts, { after: AT, min: 'medium' }).filter((a) => a.ts < AT + 3 * 3_600_000);
    expect(arrival).toEqual([]);
    const convicted = firing(alerts, { after: AT + 3 * 3_600_000, min: 'medium' });
    expect(signalTypes(convicted)).toContain('impossible_travel');
    // the incident starts at the session abroad (its last request), where the evidence begins
    expect(convicted[0]!.window.start).toBe(abroad[abroad.length - 1]!.ts);
    expect(signalsOf(convicted, 'impossible_travel')[0]!.detail).toMatch(/^[\d,]+ km from \(55\.8, 37\.6\) to New York, US with 3 h to travel/);
  });

  it('stays quiet on a round trip with a flight each way', () => {
    const lastHome = history[history.length - 1]!.ts;
    const away = from(PLACES.dublin, lastHome + 12 * 3_600_000, 30, MIN, { ip: '198.51.100.40' });
    const back = away[away.length - 1]!.ts + 12 * 3_600_000;
    const { alerts } = runDetector(merge(history, away, traffic(home, back, back + 3 * 3_600_000, 16)), showWeak);
    expect(signalTypes(firing(alerts))).not.toContain('impossible_travel');
  });

  it('honours the accuracy radius: a jump inside the uncertainty is not travel', () => {
    const fuzzy = { ...geo(PLACES.virginia), accuracyKm: 1000 } as AccessEvent['geo'];
    const { alerts } = runDetector(merge(history, from(PLACES.virginia, AT, 1, 0, { geo: fuzzy })), showWeak);
    expect(signalTypes(alerts)).not.toContain('impossible_travel');
    const sharp = runDetector(merge(history, from(PLACES.dublin, AT, 1, 0)), showWeak);
    expect(signalTypes(sharp.alerts)).toContain('impossible_travel');
  });

  it('stays quiet for a multi-region service that always alternates between two regions', () => {
    const twoRegions: Profile = { ...home, places: [PLACES.virginia, PLACES.dublin] };
    const { alerts } = runDetector(traffic(twoRegions, MONDAY, MONDAY + 8 * DAY, 13));
    expect(firing(alerts)).toEqual([]);
    const learned = runDetector(traffic(twoRegions, MONDAY, MONDAY + 8 * DAY, 13), showWeak);
    expect(firing(learned.alerts, { after: MONDAY + DAY })).toEqual([]);
  });

  it('reports concurrent use when a distant place keeps alternating with home', () => {
    const mixed = merge(history, from(PLACES.frankfurt, AT, 20, 2 * MIN), from(PLACES.newYork, AT + MIN, 20, 2 * MIN, { ip: history[0]!.ip }));
    const { alerts } = runDetector(mixed);
    const types = signalTypes(firing(alerts, { after: AT }));
    expect(types).toContain('concurrent_geo');
    expect(signalsOf(alerts, 'concurrent_geo')[0]!.detail).toMatch(/Used from .* and .*, [\d,]+ km apart, within .*; one user cannot be in both/);
  });
});

describe('ip_fanout', () => {
  it('fires when requests spread over dozens of addresses, against a norm of two', () => {
    const random = rng(21);
    const pool = Array.from({ length: 40 }, (_, i) => `198.18.${i}.7`);
    const scraper = Array.from({ length: 200 }, (_, i) => event(home, AT + i * 3000, { ip: pool[i % pool.length]! }, random));
    const { alerts } = runDetector(merge(history, scraper));
    const s = signalsOf(firing(alerts, { after: AT }), 'ip_fanout');
    expect(s.length).toBeGreaterThan(0);
    expect(s[0]!.detail).toMatch(/^\d+ distinct source IPs in 10-20 min vs a typical peak of [\d.]+ per 10 min \(threshold \d+\)\.$/);
  });

  it('is not blinded when the pool starts a minute before a window edge (the norm does not learn the attack)', () => {
    const three: Profile = { ...home, ips: ['10.9.0.1', '10.9.0.2', '10.9.0.3'] };
    const edge = Math.floor(AT / 600_000) * 600_000 + 9 * MIN;
    const random = rng(23);
    const slow = Array.from({ length: 220 }, (_, i) => event(three, edge + i * 8000, { ip: `198.18.7.${(i * 5) % 12}` }, random));
    const { alerts } = runDetector(merge(traffic(three, MONDAY, edge + 40 * MIN, 24), slow), showWeak);
    expect(signalsOf(alerts, 'ip_fanout').length).toBeGreaterThan(0);
  });

  it('ignores addresses inside an allowlisted range', () => {
    const random = rng(22);
    const scraper = Array.from({ length: 200 }, (_, i) => event(home, AT + i * 3000, { ip: `198.18.${i % 40}.7` }, random));
    const { alerts } = runDetector(merge(history, scraper), { ...showWeak, allowlists: [{ cidrs: ['198.18.0.0/15'] }] });
    expect(signalsOf(alerts, 'ip_fanout')).toEqual([]);
  });
});
