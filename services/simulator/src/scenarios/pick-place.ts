import type { Prng } from '../random/prng';
import { distanceKm, type Place } from '../world/places';

/** A random place at least `minKm` from `from` and in another country. */
export function distantPlace(rng: Prng, from: Place, candidates: readonly Place[], minKm: number): Place {
  const far = candidates.filter((p) => p.country !== from.country && distanceKm(p, from) >= minKm);
  return rng.pick(far.length > 0 ? far : candidates.filter((p) => p.country !== from.country));
}

/** A random place in another country than `from`. */
export function foreignTo(rng: Prng, from: Place, candidates: readonly Place[]): Place {
  return rng.pick(candidates.filter((p) => p.country !== from.country));
}
