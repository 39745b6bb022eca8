import { adapterFor, isFormatName, type GatewayAdapter } from '@tokenwatch/formats';
import { createEnricher, createGeoLookup } from '@tokenwatch/geo';
import type { AccessEvent } from '@tokenwatch/contracts';

/** The adapter of a `--format` name; throws a plain Error naming the known formats. */
export function replayAdapter(format: string): GatewayAdapter {
  if (!isFormatName(format)) throw new Error(`unknown format "${format}"`);
  return adapterFor(format);
}

/** Geo enrichment as the ingest pipeline does it (geoip-lite through an LRU cache). */
export function replayEnricher(): (event: AccessEvent) => AccessEvent {
  return createEnricher(createGeoLookup());
}
