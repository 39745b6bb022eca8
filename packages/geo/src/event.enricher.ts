import type { AccessEvent } from '@tokenwatch/contracts';
import type { GeoLookup } from './geo.lookup';

/** The event with `geo` set from its `ip` (null for no ip, private/reserved or unknown addresses). */
export function enrichEvent(event: AccessEvent, geo: GeoLookup): AccessEvent {
  return { ...event, geo: geo.lookup(event.ip) };
}

/** enrichEvent as a function of the event, for pipelines that take an `enrich` hook. */
export const createEnricher =
  (geo: GeoLookup) =>
  (event: AccessEvent): AccessEvent =>
    enrichEvent(event, geo);
