import type { AccessEvent } from '@tokenwatch/contracts';
import type { GeoLookup } from './geo.lookup';
import { createNetworkLookup, type NetworkLookup } from './network/network.lookup';

let shared: NetworkLookup | undefined;

/** One network lookup (and cache) per process for callers that do not pass their own. */
export function sharedNetworkLookup(): NetworkLookup {
  return (shared ??= createNetworkLookup());
}

/**
 * The event with `geo` and `network` set from its `ip` (null for no ip, private/reserved or unknown
 * addresses). The input is not mutated.
 */
export function enrichEvent(event: AccessEvent, geo: GeoLookup, network: NetworkLookup = sharedNetworkLookup()): AccessEvent {
  return { ...event, geo: geo.lookup(event.ip), network: network.lookup(event.ip) };
}

/** enrichEvent as a function of the event, for pipelines that take an `enrich` hook. */
export const createEnricher = (geo: GeoLookup, network: NetworkLookup = sharedNetworkLookup()) => (event: AccessEvent): AccessEvent => enrichEvent(event, geo, network);
