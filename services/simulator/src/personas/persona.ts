import type { Prng } from '../random/prng';
import type { WeightedEndpoint } from '../world/endpoints';
import type { ClientKind } from '../world/user-agents';

export type PersonaKind = 'backend-service' | 'mobile-user' | 'partner-integration' | 'ci-job' | 'nightly-batch' | 'employee';

/** How a persona reaches the API (see model/net-profile.ts). */
export type NetworkKind = 'phone' | 'laptop' | 'office-or-cloud' | 'servers' | 'ci';

/**
 * A kind of API client. Sessions arrive as a non-homogeneous Poisson process whose intensity follows
 * the local time where the token's owner is (or, for `nightly` personas, one job per local night);
 * each session is a run of requests a few seconds apart. Public holidays of the owner's country count
 * as Sundays.
 */
export interface Persona {
  kind: PersonaKind;
  /** Share of the token population. */
  share: number;
  network: NetworkKind;
  /** Share of its tokens that run in 2–3 cloud regions at once (`servers`). */
  multiRegionShare?: number;
  client: PersonaClient;
  sessions: PersonaSessions;
  /** Relative activity 0..1 at a local hour (0..24) and weekday (0 = Sunday). */
  intensity(localHour: number, weekday: number): number;
  endpoints: readonly WeightedEndpoint[];
  /** `nightly`: one session per local night at the token's job hour, instead of the Poisson process. */
  schedule?: 'nightly';
}

/** Who calls: the client software, the consumer names a token is registered under, the services it calls. */
export interface PersonaClient {
  kind: ClientKind;
  consumers: readonly string[];
  services: readonly string[];
  /** Retries after a 5xx or 429: attempts after the first, and the backoff base (full jitter, doubling). */
  retry: { max: number; baseMs: number };
}

export interface PersonaSessions {
  /** Mean sessions per day; each token draws its own, log-uniformly in this range. */
  perDay: readonly [number, number];
  /** Requests in one session. */
  size(rng: Prng): number;
  /** Pause between two requests of one session. */
  gapMs(rng: Prng): number;
}

/** `min` plus a Poisson count of mean `mean`. */
export function poissonFrom(min: number, mean: number): (rng: Prng) => number {
  return (rng) => min + rng.poisson(mean);
}

/** `min` plus an exponential pause of mean `mean`. */
export function exponentialFrom(min: number, mean: number): (rng: Prng) => number {
  return (rng) => min + rng.exponential(mean);
}

/** Mean of a persona's intensity over a week, to turn sessions per day into a peak rate. */
export function meanIntensity(persona: Pick<Persona, 'intensity'>): number {
  let sum = 0;
  for (let weekday = 0; weekday < 7; weekday++) for (let quarter = 0; quarter < 96; quarter++) sum += persona.intensity(quarter / 4, weekday);
  return sum / (7 * 96);
}

/** A smooth bump around `peak` hours with the given width, wrapping round midnight. */
export function bump(hour: number, peak: number, width: number): number {
  const d = Math.min(Math.abs(hour - peak), 24 - Math.abs(hour - peak));
  return Math.exp(-(d * d) / (2 * width * width));
}

/** 0 outside [from, to), 1 inside, with one-hour linear ramps on both sides. */
export function plateau(hour: number, from: number, to: number): number {
  if (hour >= from && hour < to) return 1;
  if (hour >= from - 1 && hour < from) return hour - (from - 1);
  if (hour >= to && hour < to + 1) return to + 1 - hour;
  return 0;
}
