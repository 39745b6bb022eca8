import type { AccessEvent } from '@tokenwatch/contracts';
import { RouteCap } from '@tokenwatch/formats';
import { createEnricher, createGeoLookup, sharedNetworkLookup, type GeoLookup, type NetworkLookup } from '@tokenwatch/geo';

/** What the normalize side holds across batches (both optional). */
export interface EnrichState {
  /** Caps distinct routes per token (stateful, bounded); routes past the cap become `{other}`. */
  routeCap?: RouteCap;
  /**
   * Enrichment of each event, e.g. `createGeoEnricher()`; `route` is the capped route to set, so that
   * the event is copied once (a hook that ignores it still gets the cap applied, with a second copy).
   */
  enrich?: (event: AccessEvent, route?: string | null) => AccessEvent;
}

/** Distinct routes kept per token before the rest become `{other}` (TOKENWATCH_ROUTE_CAP's default). */
export const DEFAULT_ROUTE_CAP = 64;

/** What `tokenwatch up` runs: the route cap and geo + network enrichment through their caches (`geo`: a lookup of the caller's, e.g. to read its cache stats). */
export function createEnrichState(options: { maxRoutesPerToken?: number; geo?: GeoLookup } = {}): EnrichState {
  return { routeCap: new RouteCap({ maxRoutesPerToken: options.maxRoutesPerToken ?? DEFAULT_ROUTE_CAP }), enrich: createGeoEnricher(options.geo) };
}

/**
 * Geo and network enrichment of an event through the lookups' caches (the city data installed, or
 * TOKENWATCH_GEO_CITY_MMDB). The data sets load on their first lookup of each address family (the
 * ASN table takes seconds): that happens here, at start, instead of stalling the first batch.
 */
export function createGeoEnricher(geo: GeoLookup = createGeoLookup(), network: NetworkLookup = sharedNetworkLookup()): NonNullable<EnrichState['enrich']> {
  for (const ip of WARM_UP_ADDRESSES) {
    geo.lookup(ip);
    network.lookup(ip);
  }
  return createEnricher(geo, network);
}

/** One public address of each family (documentation ranges are reserved and never looked up). */
const WARM_UP_ADDRESSES = ['1.1.1.1', '2606:4700:4700::1111'];

/** The enrich stage of one event: route cap first (a capped route is what gets stored), then geo. */
export function enrichEvent(event: AccessEvent, state: EnrichState): AccessEvent {
  const route = state.routeCap && event.route !== null ? state.routeCap.apply(event.token.fp, event.route) : event.route;
  if (!state.enrich) return route === event.route ? event : { ...event, route };
  const out = state.enrich(event, route);
  return out.route === route ? out : { ...out, route };
}
