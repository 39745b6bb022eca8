import type { Persona } from '../personas/persona';
import { PERSONAS } from '../personas/personas';
import { hashText, streamPrng } from '../random/prng';
import type { WeightedEndpoint } from '../world/endpoints';
import { COUNTRIES, type Country, type Locale } from '../world/countries';
import { USER_AGENTS } from '../world/user-agents';
import { createNetProfile, type NetProfile, type Trip } from './net-profile';
import { uuid } from './request.factory';
import type { TokenIdentity } from './sim-event';
import { planClientUpgrades, type UserAgentChange } from './client-upgrades';
import { planOrganicTrips } from './trips';

export interface TimeWindow {
  start: number;
  end: number;
}

/** Everything that decides one token's organic traffic; scenarios adjust it before generation starts. */
export interface TokenSpec {
  index: number;
  identity: TokenIdentity;
  persona: Persona;
  /** The country of the person or of the company that owns the token (holidays, its networks). */
  country: Country;
  /** Where the person lives, or the cloud region a service runs in (its time zone sets the rhythm). */
  home: Locale;
  /** Which networks the token's requests come from, and how its addresses change. */
  net: NetProfile;
  /** Journeys: no traffic during flights, the destination's time zone and networks in between. */
  trips: Trip[];
  userAgent: string;
  /** Later user agents (app releases, library upgrades), in time order. */
  uaChanges: UserAgentChange[];
  service: string;
  /** Mean sessions per day at an average hour. */
  sessionsPerDay: number;
  /** Record ids this client works with. */
  ids: number[];
  endpoints: WeightedEndpoint[];
  /** Local hour of a nightly job. */
  jobHour: number;
  activeFrom: number;
  activeUntil: number;
  /** Windows without organic traffic (a pause). */
  silences: TimeWindow[];
  /** Organic growth: the rate is multiplied by (1 + growthPerDay) per day since activeFrom. */
  growthPerDay: number;
  /** From `at` on, extra endpoints join the mix (a feature rollout). */
  rollout?: { at: number; endpoints: WeightedEndpoint[] };
  /** A number unique to the token, for stable per-day choices (office days, IPv6 interface ids). */
  key: number;
}

/** Token `index` of a run: the same for a seed whatever the number of tokens. */
export function createTokenSpec(seed: string, index: number, period: TimeWindow): TokenSpec {
  const rng = streamPrng(seed, `token:${index}`);
  const persona = rng.weighted(PERSONAS, (p) => p.share);
  const country = rng.weighted(COUNTRIES, (c) => c.weight);
  const consumerName = rng.pick(persona.client.consumers);
  const [minSessions, maxSessions] = persona.sessions.perDay;
  const userAgent = rng.pick(USER_AGENTS[persona.client.kind]);
  const { home, net } = createNetProfile(seed, rng, persona, country, consumerName, period);
  return {
    index,
    identity: {
      apiKey: `tw_live_${rng.alphanumeric(32)}`,
      credentialId: uuid(rng),
      consumerId: uuid(streamPrng(seed, `consumer:${consumerName}`)),
      consumerName,
    },
    persona,
    country,
    home,
    net,
    trips: planOrganicTrips(rng, persona, country, home, net, period),
    userAgent,
    uaChanges: planClientUpgrades(seed, rng, persona, consumerName, userAgent, period),
    service: rng.pick(persona.client.services),
    sessionsPerDay: minSessions * Math.pow(maxSessions / minSessions, rng.next()),
    ids: Array.from({ length: 20 + rng.int(80) }, () => 100_000 + rng.int(900_000)),
    endpoints: personalMix(rng, persona.endpoints),
    jobHour: 0.5 + rng.next() * 4,
    activeFrom: period.start,
    activeUntil: period.end,
    silences: [],
    growthPerDay: 0,
    key: hashText(`${seed}\u0000key:${index}`),
  };
}

/** The user agent the token's client sends at `t`. */
export function userAgentAt(spec: TokenSpec, t: number): string {
  let ua = spec.userAgent;
  for (const change of spec.uaChanges) {
    if (change.at > t) break;
    ua = change.userAgent;
  }
  return ua;
}

/** Where the token's owner is at `t` (a trip's destination between its flights, else home). */
export function localeAt(spec: TokenSpec, t: number): Locale {
  for (const trip of spec.trips) if (t >= trip.arrive && t < trip.leave) return trip.destination;
  return spec.home;
}

/** Each client uses its own subset of the persona's endpoints, with its own weights. */
function personalMix(rng: ReturnType<typeof streamPrng>, endpoints: readonly WeightedEndpoint[]): WeightedEndpoint[] {
  const kept = endpoints.filter((_, i) => i < 3 || rng.chance(0.8));
  return kept.map((e) => ({ endpoint: e.endpoint, weight: e.weight * rng.logNormal(1, 0.5) }));
}

/** A stable pseudo-random fraction for (seed, key), e.g. one night's job jitter. */
export function stableFraction(seed: string, key: string): number {
  return hashText(`${seed}\u0000${key}`) / 4294967296;
}
