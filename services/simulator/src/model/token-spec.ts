import type { Persona } from '../personas/persona';
import { PERSONAS } from '../personas/personas';
import { hashText, streamPrng, type Prng } from '../random/prng';
import type { WeightedEndpoint } from '../world/endpoints';
import { addressIn, type Place } from '../world/places';
import { USER_AGENTS } from '../world/user-agents';
import { uuid } from './request.factory';
import type { TokenIdentity } from './sim-event';

export interface TimeWindow {
  start: number;
  end: number;
}

/** Everything that decides one token's organic traffic; scenarios adjust it before generation starts. */
export interface TokenSpec {
  index: number;
  identity: TokenIdentity;
  persona: Persona;
  home: Place;
  addresses: string[];
  userAgent: string;
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
  /** Windows without organic traffic (a flight, a pause). */
  silences: TimeWindow[];
  /** Organic growth: the rate is multiplied by (1 + growthPerDay) per day since activeFrom. */
  growthPerDay: number;
  /** From `at` on, the token lives elsewhere (travel). */
  relocation?: { at: number; home: Place; addresses: string[] };
  /** From `at` on, the client sends another user agent (an app or library upgrade). */
  upgrade?: { at: number; userAgent: string };
  /** From `at` on, extra endpoints join the mix (a feature rollout). */
  rollout?: { at: number; endpoints: WeightedEndpoint[] };
}

/** Token `index` of a run: the same for a seed whatever the number of tokens. */
export function createTokenSpec(seed: string, index: number, period: TimeWindow): TokenSpec {
  const rng = streamPrng(seed, `token:${index}`);
  const persona = rng.weighted(PERSONAS, (p) => p.share);
  const home = rng.pick(persona.homes);
  const consumerName = rng.pick(persona.consumers);
  const [minSessions, maxSessions] = persona.sessionsPerDay;
  return {
    index,
    identity: {
      apiKey: `tw_live_${rng.alphanumeric(32)}`,
      credentialId: uuid(rng),
      consumerId: uuid(streamPrng(seed, `consumer:${consumerName}`)),
      consumerName,
    },
    persona,
    home,
    addresses: addressesIn(rng, home, rng.int(persona.addresses[1] - persona.addresses[0] + 1) + persona.addresses[0]),
    userAgent: rng.pick(USER_AGENTS[persona.clientKind]),
    service: rng.pick(persona.services),
    sessionsPerDay: minSessions * Math.pow(maxSessions / minSessions, rng.next()),
    ids: Array.from({ length: 20 + rng.int(80) }, () => 100_000 + rng.int(900_000)),
    endpoints: personalMix(rng, persona.endpoints),
    jobHour: 0.5 + rng.next() * 4,
    activeFrom: period.start,
    activeUntil: period.end,
    silences: [],
    growthPerDay: 0,
  };
}

/** `count` distinct addresses in a place. */
export function addressesIn(rng: Prng, place: Place, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(addressIn(place, rng.int(place.ranges.length), rng.int(254)));
  return [...out];
}

/** Each client uses its own subset of the persona's endpoints, with its own weights. */
function personalMix(rng: Prng, endpoints: readonly WeightedEndpoint[]): WeightedEndpoint[] {
  const kept = endpoints.filter((_, i) => i < 3 || rng.chance(0.8));
  return kept.map((e) => ({ endpoint: e.endpoint, weight: e.weight * rng.logNormal(1, 0.5) }));
}

/** A stable pseudo-random fraction for (seed, key), e.g. one night's job jitter. */
export function stableFraction(seed: string, key: string): number {
  return hashText(`${seed}\u0000${key}`) / 4294967296;
}
