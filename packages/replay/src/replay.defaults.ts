import { adapterFor, isFormatName, type GatewayAdapter } from '@tokenwatch/formats';
import { createGeoEnricher } from '@tokenwatch/pipeline';
import type { AccessEvent } from '@tokenwatch/contracts';

/** The adapter of a `--format` name; throws a plain Error naming the known formats. */
export function replayAdapter(format: string): GatewayAdapter {
  if (!isFormatName(format)) throw new Error(`unknown format "${format}"`);
  return adapterFor(format);
}

/** Geo enrichment as the ingest pipeline does it (the pipeline's own enricher). */
export function replayEnricher(): (event: AccessEvent) => AccessEvent {
  return createGeoEnricher();
}
