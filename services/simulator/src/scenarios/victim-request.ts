import { makeRequest, type RequestInput } from '../model/request.factory';
import type { SimEvent } from '../model/sim-event';
import type { TokenSpec } from '../model/token-spec';
import type { Prng } from '../random/prng';

/** A request on the victim's token and service; the scenario says from where, with what client and to which route. */
export function victimRequest(rng: Prng, victim: TokenSpec, input: Omit<RequestInput, 'token' | 'service'>): SimEvent {
  return makeRequest(rng, { ...input, token: victim.identity, service: victim.service });
}

/** One of the routes the victim's own client calls, weighted as it calls them, with the ids it knows. */
export function usualEndpoint(rng: Prng, victim: TokenSpec): Pick<RequestInput, 'endpoint' | 'ids'> {
  return { endpoint: rng.weighted(victim.endpoints, (e) => e.weight).endpoint, ids: victim.ids };
}
