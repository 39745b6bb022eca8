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
 * addresses), and `route` if given (the pipeline's route cap: one copy of the event, not two). The
 * input is not mutated. The fields are listed, not spread: a spread copy of an event cost ~1.3 µs,
 * several times the two cached lookups.
 */
export function enrichEvent(
  event: AccessEvent,
  geo: GeoLookup,
  network: NetworkLookup = sharedNetworkLookup(),
  route: string | null = event.route,
): AccessEvent {
  return {
    id: event.id,
    ts: event.ts,
    gateway: event.gateway,
    token: event.token,
    ip: event.ip,
    method: event.method,
    route,
    path: event.path,
    status: event.status,
    bytes: event.bytes,
    latencyMs: event.latencyMs,
    userAgent: event.userAgent,
    consumer: event.consumer,
    service: event.service,
    geo: geo.lookup(event.ip),
    network: network.lookup(event.ip),
  };
}

/** enrichEvent as a function of the event (and the route to set), for pipelines that take an `enrich` hook. */
export const createEnricher =
  (geo: GeoLookup, network: NetworkLookup = sharedNetworkLookup()) =>
  (event: AccessEvent, route?: string | null): AccessEvent =>
    enrichEvent(event, geo, network, route === undefined ? event.route : route);
